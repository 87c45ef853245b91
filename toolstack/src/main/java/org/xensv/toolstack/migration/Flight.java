package org.xensv.toolstack.migration;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.xensv.hypervisor.migration.MigrationPhase;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.hypervisor.migration.MigrationProgress;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.hypervisor.migration.RoundReport;

/**
 * The mutable, thread-safe recorder behind a {@link FlightView}; also holds a finished flight read
 * back from the database ({@link #restored}), which nothing changes any more.
 */
final class Flight implements MigrationProgress {

    private static final int MAX_SAMPLES = 2000;

    private final UUID taskId;
    private final UUID vmId;
    private final String vmName;
    private final String source;
    private final String destination;
    private final Instant startedAt;
    private final List<FlightView.Sample> samples = new ArrayList<>();
    private final List<RoundReport> rounds = new ArrayList<>();
    private MigrationPhase phase = MigrationPhase.CONNECTING;
    private MigrationPrediction prediction;
    private MigrationReport report;
    private String error;
    private Instant finishedAt;

    Flight(UUID taskId, UUID vmId, String vmName, String source, String destination) {
        this(taskId, vmId, vmName, source, destination, now());
    }

    private Flight(UUID taskId, UUID vmId, String vmName, String source, String destination, Instant startedAt) {
        this.taskId = taskId;
        this.vmId = vmId;
        this.vmName = vmName;
        this.source = source;
        this.destination = destination;
        this.startedAt = startedAt;
    }

    /** A finished flight as it was stored. */
    static Flight restored(FlightView stored) {
        Flight flight = new Flight(stored.taskId(), stored.vmId(), stored.vmName(), stored.source(), stored.destination(),
                stored.startedAt());
        flight.phase = stored.phase();
        flight.prediction = stored.prediction();
        flight.samples.addAll(stored.samples());
        flight.rounds.addAll(stored.rounds());
        flight.report = stored.report();
        flight.error = stored.error();
        flight.finishedAt = stored.finishedAt();
        return flight;
    }

    synchronized void predicted(MigrationPrediction value) {
        prediction = value;
    }

    @Override
    public synchronized void onProgress(Event event) {
        phase = event.phase();
        if (samples.size() >= MAX_SAMPLES) {
            samples.subList(0, MAX_SAMPLES / 2).clear();
        }
        samples.add(new FlightView.Sample(event.elapsedNanos() / 1e9, event.bytesSent(), event.remainingBytes(),
                event.dirtyBytesPerSec(), event.throttlePercent(), event.round()));
        if (event.completedRound() != null) {
            rounds.add(event.completedRound());
        }
    }

    synchronized void completed(MigrationReport value) {
        report = value;
        phase = MigrationPhase.COMPLETED;
        rounds.clear();
        rounds.addAll(value.roundReports());
        finishedAt = now();
    }

    synchronized void failed(String message, boolean cancelled) {
        error = message;
        phase = cancelled ? MigrationPhase.CANCELLED : MigrationPhase.FAILED;
        finishedAt = now();
    }

    synchronized double progressFraction() {
        if (report != null) {
            return 1.0;
        }
        if (samples.isEmpty()) {
            return 0.0;
        }
        FlightView.Sample last = samples.getLast();
        long total = last.bytesSent() + last.remainingBytes();
        return total == 0 ? 0.0 : Math.min(0.99, (double) last.bytesSent() / total);
    }

    /** To the microsecond, as the database keeps it, so a stored flight reads back equal. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    synchronized FlightView view() {
        return new FlightView(taskId, vmId, vmName, source, destination, phase, prediction, List.copyOf(samples),
                List.copyOf(rounds), report, error, startedAt, finishedAt);
    }
}
