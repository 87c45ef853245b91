package org.xensv.hypervisor.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MigrationPredictionTest {

    private static final long MIB = 1 << 20;
    private static final MigrationOptions OPTIONS = MigrationOptions.defaults().withDowntimeTarget(Duration.ofMillis(20)).withAutoConverge(false);

    @Test
    void anIdleGuestTakesOneRoundAtTheLinkRate() {
        var p = MigrationPrediction.predict(512 * MIB, 0, 125e6, OPTIONS);
        assertThat(p.converges()).isTrue();
        assertThat(p.rounds()).isEqualTo(1);
        assertThat(p.mode()).isEqualTo(MigrationMode.PRE_COPY);
        assertThat(p.totalTime().toMillis() / 1000.0).isCloseTo(512 * MIB / 125e6, within(0.05));
        assertThat(p.bytes()).isBetween(512 * MIB, (long) (512 * MIB * 1.01));
        assertThat(p.warning()).isNull();
    }

    @Test
    void eachRoundResendsWhatThePreviousLetTheGuestDirty() {
        // D = B/4: rounds of 4.3 s, 1.07 s, 0.27 s, 0.067 s, 17 ms, then 4 ms fits the stop budget
        // (3/4 of the 20 ms target; 17 ms does not)
        double b = 125e6 / MigrationPrediction.WIRE_BYTES_PER_PAGE * 4096;
        var p = MigrationPrediction.predict(512 * MIB, b / 4, 125e6, OPTIONS);
        assertThat(p.converges()).isTrue();
        assertThat(p.rounds()).isEqualTo(5);
        double t0 = 512.0 * MIB / b;
        assertThat(p.downtime().toNanos() / 1e9).isCloseTo(t0 / 1024 + 0.002, within(0.001));
        assertThat(p.totalTime().toNanos() / 1e9).isCloseTo(t0 * (1 + 0.25 + 0.0625 + 0.015625 + 1 / 256.0 + 1 / 1024.0) + 0.002, within(0.01));
    }

    @Test
    void aGuestDirtyingFasterThanTheLinkDoesNotConvergeAndIsWarnedAbout() {
        var p = MigrationPrediction.predict(512 * MIB, 200e6, 125e6, OPTIONS);
        assertThat(p.converges()).isFalse();
        assertThat(p.dirtyRateExceedsLink()).isTrue();
        assertThat(p.mode()).isEqualTo(MigrationMode.STOP_AND_COPY);
        assertThat(p.warning()).contains("faster than the link");
        assertThat(p.downtime()).isGreaterThan(Duration.ofSeconds(1));
    }

    @Test
    void postCopyIsPredictedWhereAllowedAndPreCopyCannotConverge() {
        var p = MigrationPrediction.predict(512 * MIB, 200e6, 125e6, OPTIONS.withPostCopy(true));
        assertThat(p.mode()).isEqualTo(MigrationMode.POST_COPY);
        assertThat(p.downtime()).isLessThan(Duration.ofMillis(20));
        assertThat(p.totalTime().toNanos() / 1e9).isCloseTo(p.physicalLimit().toNanos() / 1e9, within(0.1));
        assertThat(p.slowedTime()).as("at most the push after the switch").isPositive().isLessThanOrEqualTo(p.totalTime());
    }

    @Test
    void autoConvergeIsPredictedToEndWithinTheTarget() {
        var p = MigrationPrediction.predict(512 * MIB, 200e6, 125e6, OPTIONS.withAutoConverge(true));
        assertThat(p.mode()).isEqualTo(MigrationMode.AUTO_CONVERGE);
        assertThat(p.downtime()).isLessThanOrEqualTo(Duration.ofMillis(22));
        assertThat(p.slowedTime()).isPositive().isLessThan(p.totalTime());
    }

    @Test
    void roundBoundEndsANonConvergingGuest() {
        var p = MigrationPrediction.predict(512 * MIB, 100e6, 125e6, OPTIONS.withMaxRounds(5));
        assertThat(p.converges()).isFalse();
        assertThat(p.rounds()).isLessThanOrEqualTo(5);
    }

    @Test
    void stopAndCopyIsAllDowntime() {
        var p = MigrationPrediction.predict(512 * MIB, 0, 125e6, OPTIONS.withLive(false));
        assertThat(p.downtime()).isEqualTo(p.totalTime());
    }
}
