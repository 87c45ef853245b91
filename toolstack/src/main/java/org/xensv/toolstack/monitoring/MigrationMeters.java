package org.xensv.toolstack.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;
import org.xensv.hypervisor.migration.MigrationReport;

/**
 * Migrations for Prometheus: how many ended and how ({@code xensv_migrations_total{outcome}}), and
 * for each that moved its VM the downtime, total time and bytes on the wire, as the flight report
 * says ({@code xensv_migration_downtime_seconds}, {@code xensv_migration_duration_seconds},
 * {@code xensv_migration_bytes}).
 */
@Component
public class MigrationMeters {

    private final MeterRegistry registry;
    private final Timer downtime;
    private final Timer duration;
    private final DistributionSummary bytes;

    MigrationMeters(MeterRegistry registry) {
        this.registry = registry;
        this.downtime = Timer.builder("xensv.migration.downtime").description("Guest paused during a migration").register(registry);
        this.duration = Timer.builder("xensv.migration.duration").description("Migration from start to the VM running on its destination")
                .register(registry);
        this.bytes = DistributionSummary.builder("xensv.migration.bytes").baseUnit("bytes").description("Bytes a migration put on the wire")
                .register(registry);
    }

    /** A migration that moved its VM, with its report. */
    public void succeeded(MigrationReport report) {
        outcome("succeeded");
        downtime.record(report.downtime());
        duration.record(report.totalTime());
        bytes.record(report.bytesOnWire());
    }

    /** A migration that ended with its VM where it was (failed, refused on the way or cancelled). */
    public void failed() {
        outcome("failed");
    }

    private void outcome(String outcome) {
        Counter.builder("xensv.migrations").tag("outcome", outcome).description("Migrations that ended, by outcome")
                .register(registry).increment();
    }
}
