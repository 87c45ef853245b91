package org.xensv.hypervisor.migration;

import java.time.Duration;

/**
 * What the pre-copy model predicts before a migration starts (Clark et al.; Xen's and QEMU's
 * policies): round 0 sends the non-zero memory M in t0 = M/B; each next round resends what the guest
 * dirtied during the previous one, t_i = D * t_(i-1) / B (capped at M), until the remainder fits the
 * downtime target at the link rate, or the round or byte bound ends it with a stop-and-copy. When D
 * reaches B it cannot converge; then the mode is auto-converge or post-copy if allowed.
 *
 * @param nonZeroBytes      the guest's non-zero memory
 * @param dirtyBytesPerSec  its measured dirty rate
 * @param bandwidthBytesPerSec the link rate assumed
 * @param converges         pre-copy reaches the downtime target within the bounds
 * @param dirtyRateExceedsLink the guest dirties at least as fast as the link carries
 * @param mode              the mode the policy will most likely end in
 * @param warning           null, or a sentence for the wizard
 * @param slowedTime        how long the guest is expected to run slowed: auto-converge, the throttled
 *                          rounds; post-copy, at most the push after the switch (it waits only for the
 *                          pages it touches before they arrive); zero for pre-copy and stop-and-copy
 */
public record MigrationPrediction(long nonZeroBytes, double dirtyBytesPerSec, double bandwidthBytesPerSec, int rounds,
                                  Duration totalTime, Duration downtime, long bytes, boolean converges,
                                  boolean dirtyRateExceedsLink, MigrationMode mode, String warning, Duration slowedTime) {

    /** Bytes of stream per page of data: 4096 + pfn + its CRC32C + a share of the record header and checksum. */
    static final double WIRE_BYTES_PER_PAGE = 4096 + 8 + 4 + 0.1;
    private static final double SWITCHOVER_SECONDS = 0.002;

    public Duration physicalLimit() {
        return seconds(nonZeroBytes / bandwidthBytesPerSec);
    }

    /**
     * The model. {@code bandwidthBytesPerSec} must be positive: for an unlimited link pass an
     * estimate of what the network carries.
     */
    public static MigrationPrediction predict(long nonZeroBytes, double dirtyBytesPerSec, double bandwidthBytesPerSec, MigrationOptions options) {
        if (!(bandwidthBytesPerSec > 0)) {
            throw new IllegalArgumentException("bandwidth must be positive, got " + bandwidthBytesPerSec);
        }
        double b = bandwidthBytesPerSec / WIRE_BYTES_PER_PAGE * 4096;   // payload rate
        double m = nonZeroBytes;
        double d = Math.max(0, dirtyBytesPerSec);
        double target = PrecopyPolicy.stopBudgetSeconds(options);
        boolean exceeds = d >= b;
        if (!options.live()) {
            double t = m / b;
            return new MigrationPrediction(nonZeroBytes, d, bandwidthBytesPerSec, 0, seconds(t), seconds(t), wire(m), true, exceeds,
                    MigrationMode.STOP_AND_COPY, null, Duration.ZERO);
        }
        double sent = m;
        double time = m / b;
        double last = time;
        int rounds = 1;
        boolean converges;
        double remaining;
        while (true) {
            remaining = Math.min(m, d * last);
            if (remaining / b <= target) {
                converges = true;
                break;
            }
            if (rounds >= options.maxRounds() || sent + remaining > options.maxBytesFactor() * m || exceeds) {
                converges = false;
                break;
            }
            last = remaining / b;
            time += last;
            sent += remaining;
            rounds++;
        }
        if (converges) {
            double downtime = remaining / b + SWITCHOVER_SECONDS;
            return new MigrationPrediction(nonZeroBytes, d, bandwidthBytesPerSec, rounds, seconds(time + downtime), seconds(downtime),
                    wire(sent + remaining), true, false, MigrationMode.PRE_COPY, null, Duration.ZERO);
        }
        String warning = exceeds
                ? String.format("The guest dirties memory at %.0f MB/s, faster than the link carries (%.0f MB/s): pre-copy cannot converge.",
                d / 1e6, bandwidthBytesPerSec / 1e6)
                : String.format("Pre-copy does not reach the %d ms downtime target within %d rounds.", options.downtimeTarget().toMillis(),
                options.maxRounds());
        if (options.postCopy()) {
            // switch early: every page crosses once, the guest waits for the pages it touches first
            double t = m / b;
            return new MigrationPrediction(nonZeroBytes, d, bandwidthBytesPerSec, 0, seconds(t + SWITCHOVER_SECONDS),
                    seconds(SWITCHOVER_SECONDS), wire(m), false, exceeds, MigrationMode.POST_COPY,
                    warning + " Post-copy will switch to the destination early and pull pages on demand.", seconds(t));
        }
        if (options.autoConverge()) {
            // throttled to 99% the guest dirties 1% as fast: the rounds then shrink geometrically
            double dt = d * 0.01;
            double extra = 0;
            double r = remaining;
            while (r / b > target && extra < 3600) {
                double t = r / b;
                extra += t;
                sent += r;
                r = Math.min(m, dt * t);
            }
            return new MigrationPrediction(nonZeroBytes, d, bandwidthBytesPerSec, rounds, seconds(time + extra + r / b),
                    seconds(r / b + SWITCHOVER_SECONDS), wire(sent + r), false, exceeds, MigrationMode.AUTO_CONVERGE,
                    warning + " Auto-converge will slow the guest's vCPUs until it does.", seconds(extra + r / b));
        }
        return new MigrationPrediction(nonZeroBytes, d, bandwidthBytesPerSec, rounds, seconds(time + remaining / b),
                seconds(remaining / b), wire(sent + remaining), false, exceeds, MigrationMode.STOP_AND_COPY,
                warning + " It will stop and copy the rest with the downtime shown.", Duration.ZERO);
    }

    private static long wire(double payloadBytes) {
        return (long) (payloadBytes / 4096 * WIRE_BYTES_PER_PAGE);
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) Math.min(s * 1e9, Long.MAX_VALUE / 2.0));
    }
}
