package org.xensv.hypervisor.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrecopyPolicyTest {

    private static final double GBIT = MigrationOptions.GBIT;
    private final MigrationOptions options = MigrationOptions.defaults().withBandwidth(MigrationOptions.GBIT)
            .withDowntimeTarget(Duration.ofMillis(20)).withAutoConverge(true).withPostCopy(false);
    private final PrecopyPolicy policy = new PrecopyPolicy(options, 512L << 20);

    @Test
    void aWorkingSetThatShrinksToTheTargetWithinAFewRoundsIsNotThrottled() {
        // the web workload at 1 Gbit/s: a round sent 7,500 pages and 4,000 (53%: "dirty high") were dirtied meanwhile;
        // at that shrink the rest fits 20 ms within 3 rounds
        long sent = 7_500L * 4108;
        assertThat(policy.decide(2, 4_000, sent, GBIT, 560L << 20, 0)).isEqualTo(PrecopyPolicy.Decision.CONTINUE);
    }

    @Test
    void aGuestThatResendsMostOfEachRoundIsThrottled() {
        long sent = 4_096L * 4108;
        assertThat(policy.decide(2, 3_900, sent, GBIT, 560L << 20, 0)).isEqualTo(PrecopyPolicy.Decision.THROTTLE);
    }

    @Test
    void whatFitsTheDowntimeTargetStopsAndCopies() {
        // 400 pages take 13 ms at 1 Gbit/s: within the stop budget (3/4 of the 20 ms target)
        assertThat(policy.decide(3, 400, 3_000_000, GBIT, 560L << 20, 0)).isEqualTo(PrecopyPolicy.Decision.STOP_AND_COPY);
    }

    @Test
    void aLastSetThatOnlyJustFitsTheTargetGetsOneMoreRound() {
        // 500 pages take 16 ms: under 20 ms at the link rate, but the pause and handshake come on top
        assertThat(policy.decide(3, 500, 3_000_000, GBIT, 560L << 20, 0)).isEqualTo(PrecopyPolicy.Decision.CONTINUE);
    }

    private static final long ROUND = 350_000_000L; // a round of 0.35 s
    private static final double LIVE = 0.93e9; // what it went at with the guest running

    /** A round on 2 processors whose sender ran (or waited to) throughout. */
    private static PrecopyPolicy.RoundCpu round(long guestCpu, long idle) {
        return new PrecopyPolicy.RoundCpu(ROUND, ROUND, guestCpu, idle, 2, false);
    }

    @Test
    void aGuestThatTookAProcessorOfABusyMachineGivesItBackToThePause() {
        // a memory streamer on 2 processors: its vCPU ran the whole round, nothing was idle
        assertThat(PrecopyPolicy.pauseRate(LIVE, true, round(ROUND, 0))).isEqualTo(2 * LIVE);
        // half a processor: 2T / (2T - T/2)
        assertThat(PrecopyPolicy.pauseRate(LIVE, true, round(ROUND / 2, 0))).isCloseTo(LIVE * 4 / 3, within(1.0));
    }

    @Test
    void thePauseGivesNothingBackWhereTheGuestSlowedNothingOrNobodySays() {
        assertThat(PrecopyPolicy.pauseRate(GBIT, false, round(ROUND, 0))).as("a paced link's rate is its limit").isEqualTo(GBIT);
        assertThat(PrecopyPolicy.pauseRate(LIVE, true, round(0, 0))).as("an idle guest").isEqualTo(LIVE);
        assertThat(PrecopyPolicy.pauseRate(LIVE, true, round(-1, 0))).as("a runtime that does not say").isEqualTo(LIVE);
        assertThat(PrecopyPolicy.pauseRate(LIVE, true, round(ROUND, -1))).as("a machine that does not say").isEqualTo(LIVE);
        assertThat(PrecopyPolicy.pauseRate(LIVE, true, round(ROUND, 2 * ROUND))).as("every processor idle: none was short").isEqualTo(LIVE);
        // half the machine idle: half the gain
        assertThat(PrecopyPolicy.pauseRate(LIVE, true, round(ROUND, ROUND))).isCloseTo(LIVE * 1.5, within(1.0));
        // a guest cannot give back more than it could take: at most twice the rate
        assertThat(PrecopyPolicy.pauseRate(LIVE, true, new PrecopyPolicy.RoundCpu(ROUND, ROUND, 8 * ROUND, 0, 16, false))).isEqualTo(2 * LIVE);
    }

    @Test
    void aSenderThatWaitedOnItsLinkGetsNothingFromThePause() {
        // 1 Gbit/s of network with the migration unlimited: the sender blocked in its writes for most of the round
        var linkBound = new PrecopyPolicy.RoundCpu(ROUND, ROUND / 5, ROUND, 0, 2, false);
        assertThat(PrecopyPolicy.pauseRate(GBIT, true, linkBound)).isEqualTo(GBIT);
        assertThat(PrecopyPolicy.pauseRate(GBIT, true, new PrecopyPolicy.RoundCpu(ROUND, -1, ROUND, 0, 2, false)))
                .as("a platform that does not say how the sender spent the round").isEqualTo(GBIT);
    }

    @Test
    void aSenderThatWaitedOnAReceiverOfThisProcessWaitedForAProcessor() {
        // loopback between embedded hosts: the sender blocked while the receiver, starved, drained its socket
        var starvedReceiver = new PrecopyPolicy.RoundCpu(ROUND, ROUND * 55 / 100, ROUND, 0, 2, true);
        assertThat(PrecopyPolicy.pauseRate(LIVE, true, starvedReceiver)).isEqualTo(2 * LIVE);
    }

    @Test
    void aListenerOfThisProcessIsKnownByItsEndpointAndForgottenOnceClosed() {
        MigrationListener listener = MigrationListener.open(new MigrationTarget() {
            @Override
            public String hostName() {
                return "policy-test";
            }

            @Override
            public IncomingDomain prepareIncoming(byte[] config) {
                throw new UnsupportedOperationException();
            }
        });
        MigrationEndpoint endpoint = listener.endpoint();
        assertThat(MigrationListener.inThisProcess(endpoint)).isTrue();
        assertThat(MigrationListener.inThisProcess(new MigrationEndpoint("127.0.0.1", 1))).as("a port no listener of ours has").isFalse();
        listener.close();
        assertThat(MigrationListener.inThisProcess(endpoint)).isFalse();
    }

    @Test
    void aWorkingSetThatFitsThePauseAtTheRateThePauseGetsStopsAndCopies() {
        // the streamer at unlimited speed, 300 ms target: its 256 MiB re-dirtied each round need 0.29 s at the
        // rate the running round went at (over the 225 ms budget), 0.15 s at what the pause gets
        MigrationOptions unlimited = MigrationOptions.defaults().withBandwidth(0).withDowntimeTarget(Duration.ofMillis(300))
                .withAutoConverge(true).withPostCopy(false);
        PrecopyPolicy streamer = new PrecopyPolicy(unlimited, 512L << 20);
        long sent = 80_000L * 4108;
        assertThat(streamer.decide(1, 65_536, sent, LIVE, sent, 0)).isEqualTo(PrecopyPolicy.Decision.THROTTLE);
        assertThat(streamer.decide(1, 65_536, sent, PrecopyPolicy.pauseRate(LIVE, true, round(ROUND, 0)), sent, 0))
                .isEqualTo(PrecopyPolicy.Decision.STOP_AND_COPY);
    }

    @Test
    void theMachineAndTheThreadAreReadAsLinuxWritesThem() {
        assertThat(ProcessorTime.idleNanos("cpu  4705 356 584 3699 23 23 0 0 0 0")).isEqualTo((3699 + 23) * 10_000_000L);
        assertThat(ProcessorTime.idleNanos("intr 1 2 3")).isEqualTo(-1);
        assertThat(ProcessorTime.runnableNanos("1074486 464263 1\n")).isEqualTo(1074486 + 464263);
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/thread-self/schedstat"))) {
            assertThat(ProcessorTime.threadRunnableNanos()).isPositive();
            assertThat(ProcessorTime.machineIdleNanos()).isNotNegative();
        }
    }
}
