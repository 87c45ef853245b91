package org.xensv.toolstack.metrics;

import java.time.Instant;

/** One sample of a host's load: CPU busy in percent of all pCPUs, memory claimed and touched. */
public record HostMetricPoint(Instant at, double cpuPercent, long memoryMiB, long memoryUsedMiB,
                              double guestTouchedMiB, int runningDomains) {

    public double memoryUsedPercent() {
        return memoryMiB == 0 ? 0 : 100.0 * memoryUsedMiB / memoryMiB;
    }
}
