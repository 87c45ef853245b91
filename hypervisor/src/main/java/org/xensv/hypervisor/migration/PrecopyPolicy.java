package org.xensv.hypervisor.migration;

/**
 * Decides, at the end of each pre-copy round, what comes next (Xen's xg_sr_save.c and QEMU's
 * migration_iteration_run, simplified): stop and copy when the remaining dirty data fits the
 * downtime target at the link rate; switch to post-copy or throttle when the guest dirties faster
 * than the link drains; fall back when the round or byte bound is reached. It always ends.
 */
final class PrecopyPolicy {

    enum Decision { CONTINUE, THROTTLE, STOP_AND_COPY, POST_COPY }

    /** QEMU's auto-converge: 20% initial throttle, +10% per round, at most 99%. */
    static final int THROTTLE_INITIAL = 20;
    static final int THROTTLE_STEP = 10;
    static final int THROTTLE_MAX = 99;

    private final MigrationOptions options;
    private final long memoryBytes;

    PrecopyPolicy(MigrationOptions options, long memoryBytes) {
        this.options = options;
        this.memoryBytes = memoryBytes;
    }

    /**
     * @param roundsDone   rounds completed (round 0 included)
     * @param dirtyPages   pages dirtied during the last round, still to send
     * @param roundBytes   bytes the last round put on the wire
     * @param linkRate     bytes per second the link carries (the limit, or what the last round measured)
     * @param totalBytes   bytes sent so far
     * @param throttle     the guest's current throttle
     */
    Decision decide(int roundsDone, long dirtyPages, long roundBytes, double linkRate, long totalBytes, int throttle) {
        double remainingSeconds = dirtyPages * MigrationPrediction.WIRE_BYTES_PER_PAGE / linkRate;
        if (remainingSeconds <= stopBudgetSeconds(options)) {
            return Decision.STOP_AND_COPY;
        }
        long dirtyBytes = dirtyPages * 4096L;
        boolean outOfBounds = roundsDone >= options.maxRounds()
                || totalBytes + dirtyBytes > options.maxBytesFactor() * Math.max(memoryBytes, 1);
        // QEMU's throttle-trigger-threshold: the guest dirtied at least half of what the round sent
        boolean dirtyHigh = roundsDone >= 1 && dirtyBytes >= roundBytes / 2;
        // the link cannot keep up: the round resends about as much as it had to send
        boolean diverging = roundsDone >= 1 && dirtyBytes >= roundBytes * 0.9;
        if (options.postCopy() && (outOfBounds || diverging)) {
            return Decision.POST_COPY;
        }
        if (outOfBounds) {
            return Decision.STOP_AND_COPY;
        }
        if (options.autoConverge() && dirtyHigh && throttle < THROTTLE_MAX
                && !convergesSoon(roundsDone, dirtyPages, dirtyBytes, roundBytes, linkRate)) {
            return Decision.THROTTLE;
        }
        return Decision.CONTINUE;
    }

    /**
     * A hot working set smaller than what the link carries in a round shrinks geometrically: each
     * round resends the fraction {@code r = dirty / sent} of the last one. When that fraction is
     * clearly below 1 and the remainder fits the downtime target within {@link #FAST_ROUNDS} more
     * rounds (and the round bound), slowing the guest buys nothing: QEMU's trigger, too, only
     * counts dirty periods of at least a second, which such short rounds never reach.
     */
    private boolean convergesSoon(int roundsDone, long dirtyPages, long dirtyBytes, long roundBytes, double linkRate) {
        if (roundBytes <= 0 || dirtyBytes >= roundBytes * SHRINK_MAX) {
            return false;
        }
        double shrink = (double) dirtyBytes / roundBytes;
        double fits = linkRate * stopBudgetSeconds(options);
        double remaining = dirtyPages * MigrationPrediction.WIRE_BYTES_PER_PAGE;
        double rounds = Math.log(fits / remaining) / Math.log(shrink);
        return rounds <= FAST_ROUNDS && roundsDone + Math.ceil(rounds) < options.maxRounds();
    }

    /**
     * The share of the downtime target the last dirty set may take at the link rate. The rest is for
     * what the rate does not show: the pause, the vCPU state and the commit handshake, the pages the
     * guest dirties between the decision and the pause, and a last set of scattered pages going
     * slower than the round the rate was measured on (a database's random writes against round 0's
     * sequential sweep). At 1 it overshot a 20 ms target by up to 6 ms on unlimited loopback.
     */
    static final double STOP_BUDGET = 0.75;

    /** How long the last dirty set may take to send: {@link #STOP_BUDGET} of the downtime target. */
    static double stopBudgetSeconds(MigrationOptions options) {
        return options.downtimeTarget().toNanos() / 1e9 * STOP_BUDGET;
    }

    /** Above this resend fraction a round does not shrink fast enough to skip auto-converge. */
    static final double SHRINK_MAX = 0.8;
    /** At most this many more rounds to reach the downtime target without throttling. */
    static final int FAST_ROUNDS = 4;

    static int nextThrottle(int current) {
        return current == 0 ? THROTTLE_INITIAL : Math.min(THROTTLE_MAX, current + THROTTLE_STEP);
    }
}
