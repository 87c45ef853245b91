package org.xensv.toolstack.migration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.xensv.hypervisor.migration.MigrationMode;
import org.xensv.hypervisor.migration.MigrationPhase;

/**
 * A finished migration's flight, as stored: the columns say which VM went where, how and when; the
 * whole report (prediction, rounds, result or error) and the chart samples are JSON. Never changed.
 */
@Entity
@Table(name = "migration_flight")
class FlightRecord {

    @Id
    @Column(name = "task_id")
    private UUID taskId;
    @Column(name = "vm_id")
    private UUID vmId;
    @Column(name = "vm_name")
    private String vmName;
    @Column(name = "source_host")
    private String sourceHost;
    @Column(name = "destination_host")
    private String destinationHost;
    @Enumerated(EnumType.STRING)
    private MigrationMode mode;
    @Enumerated(EnumType.STRING)
    private MigrationPhase outcome;
    @Column(name = "started_at")
    private Instant startedAt;
    @Column(name = "finished_at")
    private Instant finishedAt;
    private String report;
    private String samples;

    protected FlightRecord() {
    }

    /** {@code flight} must have finished; {@code samples} may be a thinned copy of its own. */
    FlightRecord(FlightView flight, List<FlightView.Sample> samples) {
        if (!flight.finished() || flight.finishedAt() == null) {
            throw new IllegalArgumentException("flight " + flight.taskId() + " has not finished");
        }
        this.taskId = flight.taskId();
        this.vmId = flight.vmId();
        this.vmName = flight.vmName();
        this.sourceHost = flight.source();
        this.destinationHost = flight.destination();
        this.mode = flight.report() == null ? null : flight.report().mode();
        this.outcome = flight.phase();
        this.startedAt = flight.startedAt();
        this.finishedAt = flight.finishedAt();
        this.report = FlightJson.of(flight);
        this.samples = FlightJson.samples(samples);
    }

    FlightView view() {
        return FlightJson.read(taskId, vmId, report, samples, startedAt, finishedAt);
    }
}
