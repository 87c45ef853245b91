package org.xensv.toolstack.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.xensv.hypervisor.migration.MigrationMode;
import org.xensv.hypervisor.migration.MigrationPhase;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.hypervisor.migration.RoundReport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The flight report as the JSON result of a migration task (times in milliseconds, sizes in bytes),
 * and read back from the flight history: {@link #read} undoes {@link #of} and {@link #samples}.
 */
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
        m.put("dirtyRateExceedsLink", p.dirtyRateExceedsLink());
        m.put("warning", p.warning());
        m.put("slowedMs", ms(p.slowedTime()));
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
        m.put("migrationId", r.migrationId());
        m.put("endpoint", r.destination());
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
        m.put("gcPauseMs", ms(r.gcPauseTime()));
        return m;
    }

    static String list(List<?> rows) {
        return JSON.writeValueAsString(rows);
    }

    /** Any JSON this class wrote, as a tree. */
    static JsonNode tree(String json) {
        return JSON.readTree(json);
    }

    /** The rows {@link #list} wrote for an evacuation or bulk migration. */
    static List<EvacuationRow> rows(String json) {
        return List.of(JSON.readValue(json, EvacuationRow[].class));
    }

    /** The progress samples behind the flight charts (not in the task's result: too many). */
    static String samples(List<FlightView.Sample> samples) {
        return JSON.writeValueAsString(samples);
    }

    /** A stored flight: its report as {@link #of} wrote it, its samples as {@link #samples} did. */
    static FlightView read(UUID taskId, UUID vmId, String reportJson, String samplesJson, Instant startedAt,
                           Instant finishedAt) {
        JsonNode root = JSON.readTree(reportJson);
        MigrationPrediction prediction = root.has("prediction") ? readPrediction(root.get("prediction")) : null;
        List<RoundReport> rounds = new ArrayList<>();
        for (JsonNode round : root.path("rounds")) {
            rounds.add(readRound(round));
        }
        MigrationReport report = root.has("report") ? readReport(root.get("report"), vmId, rounds, prediction) : null;
        List<FlightView.Sample> samples = List.of(JSON.readValue(samplesJson, FlightView.Sample[].class));
        return new FlightView(taskId, vmId, text(root, "vm"), text(root, "source"), text(root, "destination"),
                MigrationPhase.valueOf(text(root, "phase")), prediction, samples, List.copyOf(rounds), report,
                text(root, "error"), startedAt, finishedAt);
    }

    private static MigrationPrediction readPrediction(JsonNode p) {
        return new MigrationPrediction(p.path("nonZeroBytes").asLong(0), p.path("dirtyBytesPerSec").asDouble(0),
                p.path("bandwidthBytesPerSec").asDouble(0), p.path("rounds").asInt(0), duration(p, "totalTimeMs"),
                duration(p, "downtimeMs"), p.path("bytes").asLong(0), p.path("converges").asBoolean(false),
                p.path("dirtyRateExceedsLink").asBoolean(false), MigrationMode.valueOf(text(p, "mode")), text(p, "warning"),
                duration(p, "slowedMs"));
    }

    private static RoundReport readRound(JsonNode r) {
        return new RoundReport(r.path("round").asInt(0), text(r, "kind"), r.path("pagesSent").asLong(0),
                r.path("zeroPages").asLong(0), r.path("bytesSent").asLong(0), r.path("dirtyPages").asLong(0),
                r.path("dirtyPagesPerSec").asDouble(0), duration(r, "durationMs"), r.path("throttlePercent").asInt(0));
    }

    /** The report's rounds are the flight's, its prediction the flight's (the same the handle gave). */
    private static MigrationReport readReport(JsonNode r, UUID vmId, List<RoundReport> rounds, MigrationPrediction prediction) {
        String id = text(r, "migrationId");
        String checksum = text(r, "memoryChecksum");
        return new MigrationReport(id == null ? null : UUID.fromString(id), vmId, text(r, "endpoint"),
                MigrationMode.valueOf(text(r, "mode")), rounds, duration(r, "totalTimeMs"), duration(r, "downtimeMs"),
                r.path("bytesOnWire").asLong(0), r.path("pagesSent").asLong(0), r.path("rounds").asInt(0),
                r.path("maxThrottlePercent").asInt(0), duration(r, "throttledMs"), duration(r, "pageWaitMs"),
                r.path("pageRequests").asLong(0), checksum == null ? 0 : Long.parseUnsignedLong(checksum, 16), duration(r, "verifyMs"),
                duration(r, "gcPauseMs"), prediction);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Duration duration(JsonNode node, String field) {
        return Duration.ofNanos(Math.round(node.path(field).asDouble(0) * 1e6));
    }

    private static double ms(Duration d) {
        return d == null ? 0 : d.toNanos() / 1e6;
    }
}
