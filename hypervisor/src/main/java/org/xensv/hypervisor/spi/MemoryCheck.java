package org.xensv.hypervisor.spi;

import java.util.UUID;

import org.xensv.hypervisor.api.MemoryCheckReport;

/**
 * Checks a domain's memory against its guest's own invariant (every page the guest wrote is there
 * and holds what it wrote), as QEMU's migration tests check a guest's memory pattern.
 */
public interface MemoryCheck extends Capability {

    /** Checks a running or paused domain's memory; a running one is paused for the check and runs on. */
    MemoryCheckReport checkMemory(UUID uuid);
}
