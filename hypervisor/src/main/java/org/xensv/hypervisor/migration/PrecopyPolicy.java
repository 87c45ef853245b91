package org.xensv.hypervisor.migration;

/**
 * Decides, at the end of each pre-copy round, what comes next (Xen's xg_sr_save.c and QEMU's
 * migration_iteration_run, simplified): stop and copy when the remaining dirty data fits the
 * downtime target at the rate the pause may expect; switch to post-copy or throttle when the guest dirties faster
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
     * @param pauseRate    bytes per second the stop-and-copy may expect: the link's limit, or what the last
     *                     round measured, with what the pause gives back ({@link #pauseRate})
     * @param totalBytes   bytes sent so far
     * @param throttle     the guest's current throttle
     */
    Decision decide(int roundsDone, long dirtyPages, long roundBytes, double pauseRate, long totalBytes, int throttle) {
        double remainingSeconds = dirtyPages * MigrationPrediction.WIRE_BYTES_PER_PAGE / pauseRate;
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
                && !convergesSoon(roundsDone, dirtyPages, dirtyBytes, roundBytes, pauseRate)) {
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
    private boolean convergesSoon(int roundsDone, long dirtyPages, long dirtyBytes, long roundBytes, double pauseRate) {
        if (roundBytes <= 0 || dirtyBytes >= roundBytes * SHRINK_MAX) {
            return false;
        }
        double shrink = (double) dirtyBytes / roundBytes;
        double fits = pauseRate * stopBudgetSeconds(options);
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

    /** At most this many times the rate of the round before is expected of the pause. */
    static final double PAUSE_GAIN_MAX = 2;
    /** The least share of a round the sender must have spent running or ready to run for the processor to bound it. */
    static final double PROCESSOR_BOUND = 0.9;

    /**
     * The processor time of one round, as the sender saw it: how long it took, how much of that the
     * sender spent running or ready to run, what the guest's vCPUs took, and what the machine left idle
     * over its {@code processors}; and whether the destination receives in this process (on the same
     * processors). Any of the three measures is -1 where the platform does not say.
     */
    record RoundCpu(long roundNanos, long senderRunnableNanos, long guestCpuNanos, long idleNanos, int processors,
                    boolean receiverHere) {
    }

    /**
     * The rate the stop-and-copy may expect after a round that went at {@code linkRate}. On a paced
     * link, that rate. On an unlimited one the processor may bound the transfer: the destination
     * receives in this process (embedded hosts of one console: whatever the sender waited for, it waited
     * for a processor), or the sender spent the round running or waiting for one (at least
     * {@link #PROCESSOR_BOUND} of it; a sender blocked in its writes to another machine, or to a relay
     * in front of one, is bound by the link, which the pause does not widen). Then the guest's vCPUs
     * took {@code G} of the {@code N × T} the machine had. The pause gives that back: the rate scales by N·T / (N·T − G) (at most
     * {@link #PAUSE_GAIN_MAX}), and only as far as the machine was busy (a machine with processors to
     * spare gave the transfer all it could take, and the guest's share slowed nothing). A guest that
     * took no processor, or a runtime or machine that does not say, gains nothing.
     *
     * <p>Measured (a memory streamer, 1 GiB guest, unlimited loopback, 2 processors): rounds at
     * 0.93–1.2 GB/s with the guest running, its stop-and-copy at 1.9–2.0 GB/s.
     */
    static double pauseRate(double linkRate, boolean unlimited, RoundCpu cpu) {
        long t = cpu.roundNanos();
        if (!unlimited || t <= 0 || cpu.guestCpuNanos() <= 0 || cpu.idleNanos() < 0 || cpu.processors() < 1
                || !cpu.receiverHere() && cpu.senderRunnableNanos() < PROCESSOR_BOUND * t) {
            return linkRate;
        }
        double machine = (double) cpu.processors() * t;
        double busy = Math.clamp(1 - cpu.idleNanos() / machine, 0, 1);
        double gain = Math.min(PAUSE_GAIN_MAX, machine / Math.max(machine - cpu.guestCpuNanos(), machine / PAUSE_GAIN_MAX));
        return linkRate * (1 + (gain - 1) * busy);
    }

    static int nextThrottle(int current) {
        return current == 0 ? THROTTLE_INITIAL : Math.min(THROTTLE_MAX, current + THROTTLE_STEP);
    }
}
