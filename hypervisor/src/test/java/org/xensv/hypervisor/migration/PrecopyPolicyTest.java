package org.xensv.hypervisor.migration;

import static org.assertj.core.api.Assertions.assertThat;

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
}
