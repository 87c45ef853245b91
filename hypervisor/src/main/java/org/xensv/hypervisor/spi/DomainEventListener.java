package org.xensv.hypervisor.spi;

import java.util.UUID;

import org.xensv.hypervisor.api.PowerState;

/** Told when a domain changes state on its own (crash, guest shutdown, restart). */
@FunctionalInterface
public interface DomainEventListener {

    void powerStateChanged(UUID uuid, PowerState state, String reason);
}
