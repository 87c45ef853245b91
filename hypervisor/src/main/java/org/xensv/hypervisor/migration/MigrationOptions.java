package org.xensv.hypervisor.migration;

import java.time.Duration;
import org.xensv.hypervisor.api.InvalidValueException;

/**
 * How to migrate one domain.
 *
 * @param live                  pre-copy while the guest runs (false = plain stop-and-copy: pause, send, resume)
 * @param bandwidthBytesPerSec  link limit for the whole migration, stop-and-copy included (0 = unlimited)
 * @param downtimeTarget        stop iterating once the remaining dirty data fits this at the link rate
 *                              (QEMU's downtime-limit default is 300 ms)
 * @param maxRounds             bound on pre-copy rounds before the fallback (QEMU-like 30 rather than Xen's 5:
 *                              a hot working set needs 6-8 geometric rounds to reach a 20 ms target)
 * @param maxBytesFactor        bound on bytes sent, as a multiple of guest memory (old libxc: 3x)
 * @param autoConverge          throttle the guest when it dirties faster than the link (QEMU: 20% then +10%, max 99%)
 * @param postCopy              allow switching to the destination early and pulling missing pages on demand
 * @param verifyChecksum        the destination compares its memory checksum with the source's at the pause
 *                              before it resumes (costs a pass over memory inside the downtime)
 * @param postCopyRecoveryTimeout how long a post-copy migration keeps reconnecting after its link fails
 */
public record MigrationOptions(boolean live, long bandwidthBytesPerSec, Duration downtimeTarget, int maxRounds,
                               double maxBytesFactor, boolean autoConverge, boolean postCopy, boolean verifyChecksum,
                               Duration postCopyRecoveryTimeout) {

    public static final Duration DEFAULT_DOWNTIME = Duration.ofMillis(300);
    public static final int DEFAULT_MAX_ROUNDS = 30;
    public static final double DEFAULT_MAX_BYTES_FACTOR = 3.0;
    public static final long MBIT = 1_000_000L / 8;
    public static final long GBIT = 1_000_000_000L / 8;

    public MigrationOptions {
        if (bandwidthBytesPerSec < 0) {
            throw new InvalidValueException("bandwidthBytesPerSec", bandwidthBytesPerSec, "must not be negative (0 = unlimited)");
        }
        if (downtimeTarget == null || downtimeTarget.isNegative() || downtimeTarget.isZero()) {
            throw new InvalidValueException("downtimeTarget", downtimeTarget, "must be a positive duration");
        }
        if (maxRounds < 1 || maxRounds > 1000) {
            throw new InvalidValueException("maxRounds", maxRounds, "must be between 1 and 1000");
        }
        if (!(maxBytesFactor >= 1.0)) {
            throw new InvalidValueException("maxBytesFactor", maxBytesFactor, "must be at least 1.0");
        }
        if (postCopyRecoveryTimeout == null || postCopyRecoveryTimeout.isNegative()) {
            throw new InvalidValueException("postCopyRecoveryTimeout", postCopyRecoveryTimeout, "must not be negative");
        }
    }

    /** Live pre-copy, unlimited, 300 ms target, 30 rounds, 3x memory, auto-converge on, post-copy off (as QEMU). */
    public static MigrationOptions defaults() {
        return new MigrationOptions(true, 0, DEFAULT_DOWNTIME, DEFAULT_MAX_ROUNDS, DEFAULT_MAX_BYTES_FACTOR, true, false,
                true, Duration.ofMinutes(10));
    }

    public MigrationOptions withBandwidth(long bytesPerSec) {
        return new MigrationOptions(live, bytesPerSec, downtimeTarget, maxRounds, maxBytesFactor, autoConverge, postCopy,
                verifyChecksum, postCopyRecoveryTimeout);
    }

    public MigrationOptions withDowntimeTarget(Duration target) {
        return new MigrationOptions(live, bandwidthBytesPerSec, target, maxRounds, maxBytesFactor, autoConverge, postCopy,
                verifyChecksum, postCopyRecoveryTimeout);
    }

    public MigrationOptions withLive(boolean value) {
        return new MigrationOptions(value, bandwidthBytesPerSec, downtimeTarget, maxRounds, maxBytesFactor, autoConverge, postCopy,
                verifyChecksum, postCopyRecoveryTimeout);
    }

    public MigrationOptions withMaxRounds(int value) {
        return new MigrationOptions(live, bandwidthBytesPerSec, downtimeTarget, value, maxBytesFactor, autoConverge, postCopy,
                verifyChecksum, postCopyRecoveryTimeout);
    }

    public MigrationOptions withAutoConverge(boolean value) {
        return new MigrationOptions(live, bandwidthBytesPerSec, downtimeTarget, maxRounds, maxBytesFactor, value, postCopy,
                verifyChecksum, postCopyRecoveryTimeout);
    }

    public MigrationOptions withPostCopy(boolean value) {
        return new MigrationOptions(live, bandwidthBytesPerSec, downtimeTarget, maxRounds, maxBytesFactor, autoConverge, value,
                verifyChecksum, postCopyRecoveryTimeout);
    }

    public MigrationOptions withVerifyChecksum(boolean value) {
        return new MigrationOptions(live, bandwidthBytesPerSec, downtimeTarget, maxRounds, maxBytesFactor, autoConverge, postCopy,
                value, postCopyRecoveryTimeout);
    }

    public MigrationOptions withPostCopyRecoveryTimeout(Duration value) {
        return new MigrationOptions(live, bandwidthBytesPerSec, downtimeTarget, maxRounds, maxBytesFactor, autoConverge, postCopy,
                verifyChecksum, value);
    }
}
