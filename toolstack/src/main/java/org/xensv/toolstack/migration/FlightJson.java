package org.xensv.toolstack.migration;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.hypervisor.migration.RoundReport;

import tools.jackson.databind.json.JsonMapper;

/** The flight report as the JSON result of a migration task: times in milliseconds, sizes in bytes. */
final class FlightJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FlightJson() {
    }

    static String of(FlightView flight) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("vm", flight.vmName());
        root.put("source", flight.source());
        root.put("destination", flight.destination());
        root.put("phase", flight.phase().name());
        if (flight.prediction() != null) {
            root.put("prediction", prediction(flight.prediction()));
        }
        root.put("rounds", flight.rounds().stream().map(FlightJson::round).toList());
        if (flight.report() != null) {
            root.put("report", report(flight.report()));
        }
        if (flight.error() != null) {
            root.put("error", flight.error());
        }
        return JSON.writeValueAsString(root);
    }

    private static Map<String, Object> prediction(MigrationPrediction p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", p.mode().name());
        m.put("totalTimeMs", ms(p.totalTime()));
        m.put("downtimeMs", ms(p.downtime()));
        m.put("bytes", p.bytes());
        m.put("rounds", p.rounds());
        m.put("nonZeroBytes", p.nonZeroBytes());
        m.put("dirtyBytesPerSec", p.dirtyBytesPerSec());
        m.put("bandwidthBytesPerSec", p.bandwidthBytesPerSec());
        m.put("physicalLimitMs", ms(p.physicalLimit()));
        m.put("converges", p.converges());
        m.put("warning", p.warning());
        return m;
    }

    private static Map<String, Object> round(RoundReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("round", r.round());
        m.put("kind", r.kind());
        m.put("pagesSent", r.pagesSent());
        m.put("zeroPages", r.zeroPages());
        m.put("bytesSent", r.bytesSent());
        m.put("dirtyPages", r.dirtyPages());
        m.put("dirtyPagesPerSec", r.dirtyPagesPerSec());
        m.put("durationMs", ms(r.duration()));
        m.put("throttlePercent", r.throttlePercent());
        return m;
    }

    private static Map<String, Object> report(MigrationReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", r.mode().name());
        m.put("totalTimeMs", ms(r.totalTime()));
        m.put("downtimeMs", ms(r.downtime()));
        m.put("bytesOnWire", r.bytesOnWire());
        m.put("pagesSent", r.pagesSent());
        m.put("rounds", r.rounds());
        m.put("maxThrottlePercent", r.maxThrottlePercent());
        m.put("throttledMs", ms(r.throttledTime()));
        m.put("pageWaitMs", ms(r.pageWaitTime()));
        m.put("pageRequests", r.pageRequests());
        m.put("memoryChecksum", Long.toHexString(r.memoryChecksum()));
        m.put("verifyMs", ms(r.verifyTime()));
        return m;
    }

    static String list(List<?> rows) {
        return JSON.writeValueAsString(rows);
    }

    private static double ms(Duration d) {
        return d == null ? 0 : d.toNanos() / 1e6;
    }
}
