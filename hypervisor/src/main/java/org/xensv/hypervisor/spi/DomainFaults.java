package org.xensv.hypervisor.spi;

import java.util.UUID;

/** Fault injection for tests and demos: make a running guest crash, so its on_crash action runs. */
public interface DomainFaults extends Capability {

    void injectCrash(UUID uuid, String reason);
}
