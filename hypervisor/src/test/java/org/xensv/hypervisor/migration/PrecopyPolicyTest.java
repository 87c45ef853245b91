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

    @Test
    void aGuestThatTookAProcessorOfABusyMachineGivesItBackToThePause() {
        // a memory streamer on 2 processors: its vCPU ran the whole round, nothing was idle
        assertThat(PrecopyPolicy.pauseRate(LIVE, true, ROUND, ROUND, 0, 2)).isEqualTo(2 * LIVE);
        // half a processor: 2T / (2T - T/2)
        assertThat(PrecopyPolicy.pauseRate(LIVE, true, ROUND, ROUND / 2, 0, 2)).isCloseTo(LIVE * 4 / 3, within(1.0));
    }

    @Test
    void thePauseGivesNothingBackWhereTheGuestSlowedNothingOrNobodySays() {
        assertThat(PrecopyPolicy.pauseRate(GBIT, false, ROUND, ROUND, 0, 2)).as("a paced link's rate is its limit").isEqualTo(GBIT);
        assertThat(PrecopyPolicy.pauseRate(LIVE, true, ROUND, 0, 0, 2)).as("an idle guest").isEqualTo(LIVE);
        assertThat(PrecopyPolicy.pauseRate(LIVE, true, ROUND, -1, 0, 2)).as("a runtime that does not say").isEqualTo(LIVE);
        assertThat(PrecopyPolicy.pauseRate(LIVE, true, ROUND, ROUND, -1, 2)).as("a machine that does not say").isEqualTo(LIVE);
        assertThat(PrecopyPolicy.pauseRate(LIVE, true, ROUND, ROUND, 2 * ROUND, 2)).as("every processor idle: none was short").isEqualTo(LIVE);
        // half the machine idle: half the gain
        assertThat(PrecopyPolicy.pauseRate(LIVE, true, ROUND, ROUND, ROUND, 2)).isCloseTo(LIVE * 1.5, within(1.0));
        // a guest cannot give back more than it could take: at most twice the rate
        assertThat(PrecopyPolicy.pauseRate(LIVE, true, ROUND, 8 * ROUND, 0, 16)).isEqualTo(2 * LIVE);
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
        assertThat(streamer.decide(1, 65_536, sent, PrecopyPolicy.pauseRate(LIVE, true, ROUND, ROUND, 0, 2), sent, 0))
                .isEqualTo(PrecopyPolicy.Decision.STOP_AND_COPY);
    }

    @Test
    void theIdleTimeOfTheMachineIsReadFromTheFirstLineOfProcStat() {
        assertThat(ProcessorIdle.idleNanos("cpu  4705 356 584 3699 23 23 0 0 0 0")).isEqualTo((3699 + 23) * 10_000_000L);
        assertThat(ProcessorIdle.idleNanos("intr 1 2 3")).isEqualTo(-1);
    }
}
