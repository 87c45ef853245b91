package org.xensv.toolstack.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.migration.MigrationMode;
import org.xensv.hypervisor.migration.MigrationPhase;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.hypervisor.migration.RoundReport;

class FlightJsonTest {

    @Test
    void aReportReadsBackWithEveryFieldItWasWrittenWith() {
        UUID vm = UUID.randomUUID();
        MigrationPrediction prediction = new MigrationPrediction(536_870_912, 2.0e8, 1.25e8, 4, Duration.ofMillis(4500),
                Duration.ofMillis(70), 560_000_000, true, false, MigrationMode.PRE_COPY, null, Duration.ZERO);
        List<RoundReport> rounds = List.of(
                new RoundReport(0, "pre-copy", 131_072, 130_000, 538_000_000, 4_000, 900.5, Duration.ofMillis(4300), 0),
                new RoundReport(1, "stop-and-copy", 4_000, 0, 16_500_000, 0, 0, Duration.ofMillis(140), 0));
        MigrationReport report = new MigrationReport(UUID.randomUUID(), vm, "127.0.0.1:40123", MigrationMode.PRE_COPY, rounds,
                Duration.ofMillis(4712), Duration.ofMillis(142), 554_500_000, 135_072, 1, 0, Duration.ZERO, Duration.ZERO, 0,
                0xfeedfacecafebeefL, Duration.ofMillis(38), Duration.ofMillis(553), prediction);
        Instant start = Instant.parse("2026-11-21T10:00:00Z");
        FlightView flight = new FlightView(UUID.randomUUID(), vm, "db-1", "host-1", "host-2", MigrationPhase.COMPLETED, prediction,
                List.of(), rounds, report, null, start, start.plusMillis(4712));

        FlightView read = FlightJson.read(flight.taskId(), vm, FlightJson.of(flight), FlightJson.samples(List.of()),
                flight.startedAt(), flight.finishedAt());

        assertThat(read).isEqualTo(flight);
        assertThat(read.report().gcPauseTime()).isEqualTo(Duration.ofMillis(553));
    }

    @Test
    void aReportStoredBeforeGcPausesWereRecordedReadsAsNone() {
        String stored = """
                {"vm":"db-1","source":"host-1","destination":"host-2","phase":"COMPLETED","rounds":[],
                 "report":{"mode":"PRE_COPY","totalTimeMs":4660.2,"downtimeMs":16.74,"bytesOnWire":578813952,"rounds":5,"verifyMs":32.0}}
                """;
        FlightView read = FlightJson.read(UUID.randomUUID(), UUID.randomUUID(), stored, "[]", Instant.EPOCH, Instant.EPOCH);

        assertThat(read.report().gcPauseTime()).isZero();
    }
}
