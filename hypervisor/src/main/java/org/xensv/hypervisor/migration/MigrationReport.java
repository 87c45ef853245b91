package org.xensv.hypervisor.migration;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The flight report of one completed migration, beside the prediction made before it started.
 *
 * @param downtime          from the pause on the source to the resume on the destination (end to end)
 * @param bytesOnWire       every byte of the stream, headers and checksums included
 * @param rounds            pre-copy rounds run (round 0 included; the final copy not counted)
 * @param maxThrottlePercent the highest auto-converge throttle applied (0 = none)
 * @param throttledTime     how long the guest ran throttled
 * @param pageWaitTime      post-copy: how long the guest's vCPUs waited for pages from the source
 * @param pageRequests      post-copy: pages the destination asked for on demand
 * @param memoryChecksum    checksum of the source memory at the pause, equal to that of what the destination received (0 if not checked)
 * @param verifyTime        how long the source took to checksum its memory after the guest resumed on the destination
 *                          (outside the downtime; the source copy stays paused until then, and is destroyed only if it matched)
 * @param gcPauseTime       the JVM's garbage-collection pauses from the start to the end of the migration, as the platform's
 *                          collector beans count them (stop-the-world only); with an embedded destination in the same JVM, a
 *                          pause stops both ends at once
 */
public record MigrationReport(UUID migrationId, UUID domain, String destination, MigrationMode mode, List<RoundReport> roundReports,
                              Duration totalTime, Duration downtime, long bytesOnWire, long pagesSent, int rounds,
                              int maxThrottlePercent, Duration throttledTime, Duration pageWaitTime, long pageRequests,
                              long memoryChecksum, Duration verifyTime, Duration gcPauseTime,
                              MigrationPrediction prediction) {

    public MigrationReport {
        roundReports = List.copyOf(roundReports);
    }

    /** Total time the guest ran slowed: throttled, or waiting for pages after a post-copy switch. */
    public Duration slowedTime() {
        return throttledTime.plus(pageWaitTime);
    }
}
