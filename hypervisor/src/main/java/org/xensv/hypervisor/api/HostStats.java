package org.xensv.hypervisor.api;

/** A sample of a host's counters. */
public record HostStats(long timestampNanos, int pcpus, long busyNanos, long memoryMiB, long memoryUsedMiB,
                        long guestMemoryTouchedBytes, int runningDomains) {
}
