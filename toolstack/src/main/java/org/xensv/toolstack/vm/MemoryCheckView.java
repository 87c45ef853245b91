package org.xensv.toolstack.vm;

import java.util.List;
import java.util.UUID;

/**
 * A check of a VM's memory against its guest's own invariant: {@code ok} when every page the guest
 * wrote is there and holds what it wrote; otherwise the first failures.
 */
public record MemoryCheckView(UUID vmId, String vmName, boolean ok, long validPages, List<String> failures) {
}
