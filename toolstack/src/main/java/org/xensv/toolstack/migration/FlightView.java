package org.xensv.toolstack.migration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.xensv.hypervisor.migration.MigrationPhase;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.hypervisor.migration.RoundReport;

/**
 * A migration's flight record as it happens: the prediction made before it started, progress
 * samples for the live chart, finished rounds, and at the end the report or the error.
 * {@code finishedAt} is null while it runs.
 */
public record FlightView(UUID taskId, UUID vmId, String vmName, String source, String destination, MigrationPhase phase,
                         MigrationPrediction prediction, List<Sample> samples, List<RoundReport> rounds,
                         MigrationReport report, String error, Instant startedAt, Instant finishedAt) {

    /** One progress sample: seconds since start, bytes sent, bytes still to send, dirty rate, throttle. */
    public record Sample(double seconds, long bytesSent, long remainingBytes, double dirtyBytesPerSec, int throttlePercent,
                         int round) {
    }

    public boolean finished() {
        return phase.finished() || report != null || error != null;
    }
}
