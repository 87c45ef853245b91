package org.xensv.hypervisor.spi;

import java.util.Optional;

import org.xensv.hypervisor.api.HostInfo;
import org.xensv.hypervisor.api.OperationNotSupportedException;

/** An open connection to one host, offering the capabilities its driver implements. */
public interface HostConnection extends AutoCloseable {

    String uri();

    String driverName();

    HostInfo hostInfo();

    boolean isAlive();

    <C extends Capability> Optional<C> find(Class<C> capability);

    /** The capability, or the uniform "operation not supported" error naming what was asked. */
    default <C extends Capability> C require(Class<C> capability, String operation) {
        return find(capability).orElseThrow(() -> new OperationNotSupportedException(driverName(), operation));
    }

    default DomainLifecycle lifecycle() {
        return require(DomainLifecycle.class, "domain lifecycle");
    }

    @Override
    void close();

    /**
     * The console no longer manages this host: closes the connection and lets the driver give back
     * what it held for the host. A host on its own machine (libvirt, an agent) is only disconnected;
     * a host inside this process (embedded) is powered off and its memory returns to the budget.
     */
    default void retire() {
        close();
    }
}
