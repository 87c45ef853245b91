package org.xensv.webui.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.migration.MigrationMode;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.webui.migration.FlightComparison.Metric;
import org.xensv.webui.migration.FlightComparison.Verdict;

class FlightComparisonTest {

    private static final double GBIT = 125_000_000;

    private final MigrationPrediction prediction = new MigrationPrediction(500_000_000, 10_000_000, GBIT, 3,
            Duration.ofMillis(4100), Duration.ofMillis(12), 510_000_000, true, false, MigrationMode.PRE_COPY, null, Duration.ZERO);

    private MigrationReport report(Duration total, Duration downtime, long bytes, int rounds, MigrationMode mode, int throttle) {
        return new MigrationReport(UUID.randomUUID(), UUID.randomUUID(), "host-2", mode, List.of(), total, downtime, bytes,
                bytes / 4104, rounds, throttle, throttle > 0 ? Duration.ofSeconds(2) : Duration.ZERO, Duration.ZERO, 0, 42L, Duration.ofMillis(40), Duration.ZERO, prediction);
    }

    private static Metric metric(List<Metric> metrics, String key) {
        return metrics.stream().filter(m -> m.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void eachResultStandsBesideItsPrediction() {
        var metrics = FlightComparison.of(report(Duration.ofMillis(4400), Duration.ofMillis(11), 515_000_000, 3, MigrationMode.PRE_COPY, 0),
                prediction, Duration.ofMillis(20));
        assertThat(metrics).extracting(Metric::key).containsExactly("downtime", "total", "bytes", "rounds", "mode", "slowed", "gc");
        Metric total = metric(metrics, "total");
        assertThat(total.actual()).isEqualTo("4.40 s");
        assertThat(total.predicted()).isEqualTo("4.10 s");
        assertThat(total.ratio()).isEqualTo("1.07×");
        assertThat(total.verdict()).isEqualTo(Verdict.AS_PREDICTED);
        assertThat(total.note()).isEqualTo("physical limit 4.00 s · 1.10× of it");
        assertThat(metric(metrics, "downtime").note()).isEqualTo("within the 20.0 ms target");
        assertThat(metric(metrics, "bytes").note()).startsWith("non-zero memory 500 MB · 1.03× of it");
        assertThat(metric(metrics, "mode").verdict()).isEqualTo(Verdict.AS_PREDICTED);
        assertThat(metric(metrics, "slowed").note()).isEqualTo("never throttled, never waited for a page");
        assertThat(metric(metrics, "gc").actual()).isEqualTo("none");
        assertThat(metric(metrics, "gc").verdict()).isEqualTo(Verdict.AS_PREDICTED);
    }

    @Test
    void aMigrationThatHadToThrottleIsWorseAndSaysHowLong() {
        var metrics = FlightComparison.of(report(Duration.ofSeconds(9), Duration.ofMillis(40), 900_000_000, 12, MigrationMode.AUTO_CONVERGE, 80),
                prediction, Duration.ofMillis(20));
        assertThat(metric(metrics, "total").verdict()).isEqualTo(Verdict.WORSE);
        assertThat(metric(metrics, "downtime").note()).isEqualTo("over the 20.0 ms target");
        assertThat(metric(metrics, "rounds").verdict()).isEqualTo(Verdict.WORSE);
        assertThat(metric(metrics, "mode").actual()).isEqualTo("Auto-converge");
        assertThat(metric(metrics, "mode").verdict()).isEqualTo(Verdict.WORSE);
        assertThat(metric(metrics, "slowed").note()).isEqualTo("throttled up to 80% for 2.00 s");
    }

    @Test
    void garbageCollectionPausesAreWorseThanTheNonePredicted() {
        MigrationReport r = new MigrationReport(UUID.randomUUID(), UUID.randomUUID(), "h", MigrationMode.PRE_COPY, List.of(),
                Duration.ofMillis(4400), Duration.ofMillis(11), 515_000_000, 125_000, 3, 0, Duration.ZERO, Duration.ZERO, 0, 42L,
                Duration.ofMillis(40), Duration.ofMillis(550), prediction);
        Metric gc = metric(FlightComparison.of(r, prediction, Duration.ofMillis(300)), "gc");
        assertThat(gc.actual()).isEqualTo("550 ms");
        assertThat(gc.predicted()).isEqualTo("none");
        assertThat(gc.verdict()).isEqualTo(Verdict.WORSE);
    }

    @Test
    void postCopyWaitingIsComparedWithItsBound() {
        MigrationPrediction postCopy = new MigrationPrediction(500_000_000, 300_000_000, GBIT, 0, Duration.ofMillis(4000),
                Duration.ofMillis(2), 510_000_000, false, true, MigrationMode.POST_COPY, "fast guest", Duration.ofMillis(4000));
        MigrationReport r = new MigrationReport(UUID.randomUUID(), UUID.randomUUID(), "h", MigrationMode.POST_COPY, List.of(),
                Duration.ofMillis(4100), Duration.ofMillis(3), 510_000_000, 122_000, 0, 0, Duration.ZERO, Duration.ofMillis(900), 300,
                42L, Duration.ofMillis(30), Duration.ZERO, postCopy);
        Metric slowed = metric(FlightComparison.of(r, postCopy, Duration.ofMillis(20)), "slowed");
        assertThat(slowed.predicted()).isEqualTo("up to 4.00 s");
        assertThat(slowed.verdict()).isEqualTo(Verdict.AS_PREDICTED);
        assertThat(slowed.note()).isEqualTo("300 pages fetched on demand, 900 ms waiting");
    }

    @Test
    void convergingByPreCopyWhereAutoConvergeWasPredictedIsBetter() {
        assertThat(FlightComparison.modeVerdict(MigrationMode.PRE_COPY, MigrationMode.AUTO_CONVERGE)).isEqualTo(Verdict.BETTER);
        assertThat(FlightComparison.modeVerdict(MigrationMode.STOP_AND_COPY, MigrationMode.POST_COPY)).isEqualTo(Verdict.WORSE);
    }

    @Test
    void tinyDowntimesCountAsPredicted() {
        assertThat(FlightComparison.verdict(0.0003, 0.002, 0.005)).isEqualTo(Verdict.AS_PREDICTED);
        assertThat(FlightComparison.verdict(0.5, 1.0, 0.005)).isEqualTo(Verdict.BETTER);
    }

    @Test
    void withoutAPredictionThereIsNothingToCompare() {
        MigrationReport r = new MigrationReport(UUID.randomUUID(), UUID.randomUUID(), "h", MigrationMode.STOP_AND_COPY, List.of(),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 1000, 1, 0, 0, Duration.ZERO, Duration.ZERO, 0, 0, Duration.ZERO, Duration.ofMillis(250), null);
        var metrics = FlightComparison.of(r, null, null);
        assertThat(metric(metrics, "total").verdict()).isEqualTo(Verdict.NONE);
        assertThat(metric(metrics, "downtime").note()).isEqualTo("guest paused for the whole copy");
        assertThat(metric(metrics, "gc").actual()).isEqualTo("250 ms");
        assertThat(metric(metrics, "gc").verdict()).isEqualTo(Verdict.NONE);
    }

    @Test
    void unitsReadLikeAnAdminWritesThem() {
        assertThat(Units.bytes(1_070_000_000)).isEqualTo("1.07 GB");
        assertThat(Units.bitRate(125_000_000)).isEqualTo("1.00 Gbit/s");
        assertThat(Units.duration(Duration.ofNanos(850_000))).isEqualTo("850 µs");
        assertThat(Units.duration(Duration.ofSeconds(125))).isEqualTo("2 min 05 s");
    }
}
