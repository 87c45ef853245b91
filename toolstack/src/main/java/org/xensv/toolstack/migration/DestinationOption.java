package org.xensv.toolstack.migration;

import java.util.UUID;

/** A host a VM could move to, or the reason it cannot (null when eligible). */
public record DestinationOption(UUID hostId, String hostName, long freeMemoryMiB, boolean eligible, String reason) {
}
