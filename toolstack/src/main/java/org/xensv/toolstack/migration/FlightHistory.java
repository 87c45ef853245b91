package org.xensv.toolstack.migration;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finished flights in the database, so a VM's last migration report outlives a restart: the newest
 * {@value #KEEP_PER_VM} of each VM are kept (and go with the VM when it is destroyed).
 */
@Component
class FlightHistory {

    static final int KEEP_PER_VM = 20;
    /** Enough points for a chart; a long flight's samples are thinned evenly down to this. */
    static final int MAX_STORED_SAMPLES = 500;

    private final FlightRecordRepository records;
    private final ObjectProvider<MeterRegistry> metrics;

    FlightHistory(FlightRecordRepository records, ObjectProvider<MeterRegistry> metrics) {
        this.records = records;
        this.metrics = metrics;
    }

    /** Stores a finished flight and forgets the VM's flights beyond the newest {@value #KEEP_PER_VM}. */
    @Transactional
    public void record(FlightView flight) {
        metrics.ifAvailable(registry -> count(registry, flight));
        records.save(new FlightRecord(flight, thin(flight.samples(), MAX_STORED_SAMPLES)));
        List<UUID> newestFirst = records.findTaskIdsOfVm(flight.vmId());
        if (newestFirst.size() > KEEP_PER_VM) {
            records.deleteAllByIdInBatch(newestFirst.subList(KEEP_PER_VM, newestFirst.size()));
        }
    }

    /**
     * {@code xensv.migrations} by how they ended; for a completed one its downtime
     * ({@code xensv.migration.downtime}) and the bytes its stream carried ({@code xensv.migration.bytes}).
     */
    private static void count(MeterRegistry registry, FlightView flight) {
        registry.counter("xensv.migrations", "phase", flight.phase().name().toLowerCase()).increment();
        if (flight.report() != null) {
            registry.timer("xensv.migration.downtime").record(flight.report().downtime());
            io.micrometer.core.instrument.DistributionSummary.builder("xensv.migration.bytes").baseUnit("bytes")
                    .register(registry).record(flight.report().bytesOnWire());
        }
    }

    @Transactional(readOnly = true)
    public Optional<FlightView> find(UUID taskId) {
        return records.findById(taskId).map(FlightRecord::view);
    }

    @Transactional(readOnly = true)
    public Optional<FlightView> latestOf(UUID vmId) {
        return records.findFirstByVmIdOrderByFinishedAtDesc(vmId).map(FlightRecord::view);
    }

    /** At most {@code max} samples, evenly spaced, the first and the last always among them. */
    static List<FlightView.Sample> thin(List<FlightView.Sample> samples, int max) {
        int n = samples.size();
        if (n <= max) {
            return samples;
        }
        List<FlightView.Sample> kept = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            kept.add(samples.get((int) Math.round((double) i * (n - 1) / (max - 1))));
        }
        return kept;
    }
}
