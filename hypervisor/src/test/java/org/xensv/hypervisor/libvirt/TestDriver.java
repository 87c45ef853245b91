package org.xensv.hypervisor.libvirt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.util.UUID;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.HostUnreachableException;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.HostConnection;

/** libvirt's in-process test driver, {@code test:///default}, for tests: skipped, saying why, where libvirt0 is missing. */
final class TestDriver {

    static final URI DEFAULT = URI.create("test:///default");
    /** The domain libvirt's test driver defines, running, in every fresh {@code test:///default}. */
    static final String PREDEFINED = "test";

    private TestDriver() {
    }

    /** A connection to {@code test:///default}, or the test is skipped if libvirt0 cannot be loaded. */
    static HostConnection connect() {
        try {
            return new LibvirtDriver().connect(DEFAULT);
        } catch (HostUnreachableException e) {
            assumeTrue(false, "libvirt0 is not loadable (apt-get install libvirt0): " + e.getMessage());
            throw e;
        }
    }

    /** {@code test:///default} is one host per process, shared by its connections: leaves it with no domains. */
    static void empty(HostConnection connection) {
        var lifecycle = connection.lifecycle();
        for (DomainInfo domain : lifecycle.list()) {
            UUID uuid = domain.uuid();
            if (domain.powerState() != PowerState.HALTED) {
                lifecycle.hardShutdown(uuid);
            }
            lifecycle.undefine(uuid);
        }
    }
}
