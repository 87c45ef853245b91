package org.xensv.webui.migration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.xensv.hypervisor.migration.MigrationMode;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.hypervisor.migration.MigrationReport;

/**
 * The flight report's headline: each result beside what was predicted before the migration started,
 * with the ratio and a verdict, and total time beside the physical limit (non-zero memory over the
 * link). Plain values, so a unit test can check the arithmetic without a browser.
 */
public final class FlightComparison {

    /** How a result compares with its prediction. */
    public enum Verdict {
        /** Within 15% of the prediction (or both tiny). */
        AS_PREDICTED,
        /** Clearly better (lower) than predicted. */
        BETTER,
        /** Clearly worse (higher) than predicted. */
        WORSE,
        /** Nothing to compare with. */
        NONE
    }

    /**
     * One card of the report.
     *
     * @param key       DOM id suffix
     * @param actual    the measured value, formatted
     * @param predicted the prediction, formatted ("–" when there was none)
     * @param ratio     actual / predicted, e.g. "1.04×"
     * @param note      one more line: the physical limit, the target, the throttle...
     */
    public record Metric(String key, String label, String actual, String predicted, String ratio, Verdict verdict, String note) {
    }

    static final double TOLERANCE = 0.15;
    /** Durations below this are "instant" on both sides: comparing 0.3 ms with 0.5 ms says nothing. */
    private static final double NOISE_SECONDS = 0.005;

    private FlightComparison() {
    }

    /** The cards of a finished migration. {@code downtimeTarget} may be null (stop-and-copy asked for). */
    public static List<Metric> of(MigrationReport report, MigrationPrediction prediction, Duration downtimeTarget) {
        MigrationPrediction p = prediction != null ? prediction : report.prediction();
        List<Metric> metrics = new ArrayList<>();

        String downtimeNote = downtimeTarget == null
                ? report.mode() == MigrationMode.STOP_AND_COPY ? "guest paused for the whole copy" : "pause to resume, end to end"
                : report.downtime().compareTo(downtimeTarget) <= 0
                ? "within the " + Units.duration(downtimeTarget) + " target"
                : "over the " + Units.duration(downtimeTarget) + " target";
        metrics.add(time("downtime", "Downtime", report.downtime(), p == null ? null : p.downtime(), downtimeNote));

        String limitNote = "";
        if (p != null && p.bandwidthBytesPerSec() > 0) {
            Duration limit = p.physicalLimit();
            limitNote = "physical limit " + Units.duration(limit) + " · "
                    + Units.ratio(seconds(report.totalTime()), seconds(limit)) + " of it";
        }
        metrics.add(time("total", "Total time", report.totalTime(), p == null ? null : p.totalTime(), limitNote));

        String bytesNote = p == null ? "" : "non-zero memory " + Units.bytes(p.nonZeroBytes()) + " · "
                + Units.ratio(report.bytesOnWire(), p.nonZeroBytes()) + " of it";
        metrics.add(new Metric("bytes", "Bytes on the wire", Units.bytes(report.bytesOnWire()),
                p == null ? "–" : Units.bytes(p.bytes()), p == null ? "–" : Units.ratio(report.bytesOnWire(), p.bytes()),
                p == null ? Verdict.NONE : verdict(report.bytesOnWire(), p.bytes(), 0),
                bytesNote.isEmpty() ? Units.count(report.pagesSent()) + " pages sent" : bytesNote));

        metrics.add(new Metric("rounds", "Rounds", String.valueOf(report.rounds()), p == null ? "–" : String.valueOf(p.rounds()),
                "", p == null ? Verdict.NONE : roundsVerdict(report.rounds(), p.rounds()),
                "pre-copy rounds, round 0 included"));

        metrics.add(new Metric("mode", "Mode", modeLabel(report.mode()), p == null ? "–" : modeLabel(p.mode()), "",
                p == null ? Verdict.NONE : modeVerdict(report.mode(), p.mode()), modeNote(report.mode())));

        String slowedNote = report.maxThrottlePercent() > 0
                ? "throttled up to " + report.maxThrottlePercent() + "% for " + Units.duration(report.throttledTime())
                : report.pageRequests() > 0
                ? Units.count(report.pageRequests()) + " pages fetched on demand, " + Units.duration(report.pageWaitTime()) + " waiting"
                : "never throttled, never waited for a page";
        metrics.add(slowed(report, p, slowedNote));
        metrics.add(gcPauses(report, p));
        return metrics;
    }

    /**
     * Time slowed beside its prediction. Post-copy predicts a bound (the push after the switch; the
     * guest waits only for pages it touches first), so within it is as predicted.
     */
    private static Metric slowed(MigrationReport report, MigrationPrediction p, String note) {
        Duration actual = report.slowedTime();
        String shown = actual.isZero() ? "none" : Units.duration(actual);
        if (p == null || p.slowedTime() == null) {
            return new Metric("slowed", "Time slowed", shown, "–", "", actual.isZero() ? Verdict.BETTER : Verdict.NONE, note);
        }
        Duration predicted = p.slowedTime();
        if (p.mode() == MigrationMode.POST_COPY && report.mode() == MigrationMode.POST_COPY) {
            Verdict v = actual.compareTo(predicted) <= 0 ? Verdict.AS_PREDICTED : Verdict.WORSE;
            return new Metric("slowed", "Time slowed", shown, "up to " + Units.duration(predicted),
                    Units.ratio(seconds(actual), seconds(predicted)), v, note);
        }
        if (predicted.isZero()) {
            return new Metric("slowed", "Time slowed", shown, "none", "", actual.isZero() ? Verdict.AS_PREDICTED : Verdict.WORSE, note);
        }
        return time("slowed", "Time slowed", actual, predicted, note);
    }

    /** The JVM's stop-the-world collections while the migration ran; the model predicts none. */
    private static Metric gcPauses(MigrationReport report, MigrationPrediction p) {
        Duration gc = report.gcPauseTime();
        return new Metric("gc", "GC pauses", gc.isZero() ? "none" : Units.duration(gc), p == null ? "–" : "none", "",
                p == null ? Verdict.NONE : seconds(gc) <= NOISE_SECONDS ? Verdict.AS_PREDICTED : Verdict.WORSE,
                "the console's JVM stopped for garbage collection");
    }

    private static Metric time(String key, String label, Duration actual, Duration predicted, String note) {
        if (predicted == null) {
            return new Metric(key, label, Units.duration(actual), "–", "–", Verdict.NONE, note);
        }
        return new Metric(key, label, Units.duration(actual), Units.duration(predicted),
                Units.ratio(seconds(actual), seconds(predicted)), verdict(seconds(actual), seconds(predicted), NOISE_SECONDS), note);
    }

    static Verdict verdict(double actual, double predicted, double noise) {
        if (Math.abs(actual - predicted) <= noise) {
            return Verdict.AS_PREDICTED;
        }
        if (!(predicted > 0)) {
            return Verdict.NONE;
        }
        double r = actual / predicted;
        if (r > 1 + TOLERANCE) {
            return Verdict.WORSE;
        }
        if (r < 1 - TOLERANCE) {
            return Verdict.BETTER;
        }
        return Verdict.AS_PREDICTED;
    }

    private static Verdict roundsVerdict(int actual, int predicted) {
        if (Math.abs(actual - predicted) <= 1) {
            return Verdict.AS_PREDICTED;
        }
        return actual < predicted ? Verdict.BETTER : Verdict.WORSE;
    }

    /** Pre-copy alone is best; slowing the guest or switching early is next; a long pause is last. */
    static Verdict modeVerdict(MigrationMode actual, MigrationMode predicted) {
        int a = modeRank(actual);
        int p = modeRank(predicted);
        return a == p ? Verdict.AS_PREDICTED : a < p ? Verdict.BETTER : Verdict.WORSE;
    }

    private static int modeRank(MigrationMode mode) {
        return switch (mode) {
            case PRE_COPY -> 0;
            case AUTO_CONVERGE, POST_COPY -> 1;
            case STOP_AND_COPY -> 2;
        };
    }

    public static String modeLabel(MigrationMode mode) {
        return switch (mode) {
            case PRE_COPY -> "Pre-copy";
            case AUTO_CONVERGE -> "Auto-converge";
            case POST_COPY -> "Post-copy";
            case STOP_AND_COPY -> "Stop and copy";
        };
    }

    private static String modeNote(MigrationMode mode) {
        return switch (mode) {
            case PRE_COPY -> "converged while the guest ran";
            case AUTO_CONVERGE -> "converged after slowing the guest";
            case POST_COPY -> "switched early, pages pulled on demand";
            case STOP_AND_COPY -> "paused, copied, resumed";
        };
    }

    public static String verdictLabel(Verdict verdict) {
        return switch (verdict) {
            case AS_PREDICTED -> "as predicted";
            case BETTER -> "better";
            case WORSE -> "worse";
            case NONE -> "";
        };
    }

    public static String cssClass(Verdict verdict) {
        return "verdict-" + verdict.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
