package org.xensv.toolstack.migration;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import org.xensv.toolstack.task.TaskView;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One line for a person to read in place of a task's result: a migration's flight report
 * ({@link FlightJson#of}) as its mode, downtime, time, bytes and rounds; an evacuation's or bulk
 * migration's rows ({@link FlightJson#list}) as how many VMs moved, failed or could not move. Any
 * other result is shown as it is.
 */
public final class TaskSummary {

    private TaskSummary() {
    }

    public static String of(TaskView task) {
        String result = task.result();
        if (result == null || result.isBlank()) {
            return "";
        }
        String trimmed = result.strip();
        try {
            if (trimmed.startsWith("{")) {
                return flight(FlightJson.tree(trimmed));
            }
            if (trimmed.startsWith("[")) {
                return rows(trimmed);
            }
        } catch (JacksonException | IllegalArgumentException notOurs) {
            return result;
        }
        return result;
    }

    private static String flight(JsonNode root) {
        JsonNode report = root.path("report");
        if (report.isMissingNode() || report.isNull()) {
            if (root.hasNonNull("error")) {
                return root.get("error").asString();
            }
            String phase = root.path("phase").asString("");
            return phase.isEmpty() ? "" : phase.toLowerCase(Locale.ROOT).replace('_', ' ') + "…";
        }
        String mode = report.path("mode").asString("").toLowerCase(Locale.ROOT).replace('_', '-');
        StringJoiner line = new StringJoiner(", ");
        line.add(mode + " to " + root.path("destination").asString("?"));
        line.add(String.format(Locale.ROOT, "downtime %.1f ms", report.path("downtimeMs").asDouble(0)));
        line.add(String.format(Locale.ROOT, "%.2f s", report.path("totalTimeMs").asDouble(0) / 1000));
        line.add(String.format(Locale.ROOT, "%.0f MiB", report.path("bytesOnWire").asLong(0) / 1048576.0));
        int rounds = report.path("rounds").asInt(0);
        line.add(rounds + (rounds == 1 ? " round" : " rounds"));
        if (report.path("verifyMs").asDouble(0) > 0) {
            line.add("memory checksum verified");
        }
        if (report.path("gcPauseMs").asDouble(0) >= 1) {
            line.add(String.format(Locale.ROOT, "GC pauses %.0f ms", report.path("gcPauseMs").asDouble(0)));
        }
        return line.toString();
    }

    private static String rows(String json) {
        Map<EvacuationRow.Status, Integer> counts = new EnumMap<>(EvacuationRow.Status.class);
        for (EvacuationRow row : FlightJson.rows(json)) {
            counts.merge(row.status(), 1, Integer::sum);
        }
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        StringJoiner line = new StringJoiner(", ", total + (total == 1 ? " VM: " : " VMs: "), "");
        counts.forEach((status, n) -> line.add(n + " " + switch (status) {
            case WAITING -> "waiting";
            case MOVING -> "moving";
            case MOVED -> "moved";
            case FAILED -> "failed";
            case CANNOT_MOVE -> "cannot move";
        }));
        return line.toString();
    }
}
