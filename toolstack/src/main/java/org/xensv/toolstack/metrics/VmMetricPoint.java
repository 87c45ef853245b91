package org.xensv.toolstack.metrics;

import java.time.Instant;

/** One sample of a VM's activity: rates over the interval since the previous sample. */
public record VmMetricPoint(Instant at, double cpuPercent, double memoryTouchedMiB, double dirtyPagesPerSec,
                            double netTxBytesPerSec, double netRxBytesPerSec, double diskBytesPerSec,
                            double diskOpsPerSec) {
}
