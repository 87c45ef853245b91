package org.xensv.toolstack.vm;

import java.util.UUID;

/**
 * A running or paused VM, by id and host and no more: what a sampler that runs every second needs,
 * without loading ten thousand whole VMs to find the few hundred that run.
 */
public record LiveVm(UUID id, UUID hostId) {
}
