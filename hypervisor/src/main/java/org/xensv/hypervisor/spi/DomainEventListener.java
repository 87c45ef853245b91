package org.xensv.hypervisor.spi;

import java.util.UUID;

import org.xensv.hypervisor.api.PowerState;

/** Told when a domain changes state on its own (crash, guest shutdown, restart). */
@FunctionalInterface
public interface DomainEventListener {

    void powerStateChanged(UUID uuid, PowerState state, String reason);

    /**
     * A domain was defined or undefined on the host, by whoever holds a connection to it (the console
     * or {@code virsh} behind its back): the host's list of domains changed. Drivers that learn of it
     * say so; the default ignores it.
     */
    default void domainListChanged(UUID uuid, String reason) {
    }
}
