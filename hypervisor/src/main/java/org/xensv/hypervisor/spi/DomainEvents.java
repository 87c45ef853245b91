package org.xensv.hypervisor.spi;

/** Subscribe to the host's domain events. */
public interface DomainEvents extends Capability {

    /** Returns a handle whose close() unsubscribes. */
    AutoCloseable subscribe(DomainEventListener listener);
}
