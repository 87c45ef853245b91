package org.xensv.hypervisor.api;

import java.util.UUID;

/** A sample of a domain's counters; rates are computed by whoever compares two samples. */
public record DomainStats(UUID uuid, long timestampNanos, long cpuTimeNanos, long memoryTouchedBytes,
                         long dirtyPagesTotal, long netTxBytes, long netRxBytes, long netTxPackets, long netRxPackets,
                         long diskReadBytes, long diskWriteBytes, long diskOps) {
}
