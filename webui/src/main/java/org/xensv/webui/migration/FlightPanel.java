package org.xensv.webui.migration;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.progressbar.ProgressBar;
import org.xensv.hypervisor.migration.MigrationPhase;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.hypervisor.migration.RoundReport;
import org.xensv.toolstack.migration.FlightView;
import org.xensv.toolstack.migration.FlightView.Sample;
import org.xensv.toolstack.task.TaskStatus;
import org.xensv.toolstack.task.TaskView;

/**
 * A migration in flight and, once it lands, its flight report: the live charts (data sent and
 * remaining, dirty rate against the link) with phase, round and throttle; then each result beside
 * its prediction, the rounds table and bytes per round; or, on failure, the error verbatim and where
 * the VM still runs.
 */
public final class FlightPanel extends Div {

    private static final int CHART_W = 720;

    private final Div status = new Div();
    private final ProgressBar progress = new ProgressBar();
    private final Div live = new Div();
    private final Div liveCharts = new Div();
    private final Div report = new Div();
    private final Duration downtimeTarget;
    private final String prefix;
    private boolean finished;

    /** {@code idPrefix} keeps DOM ids unique when the dialog and the Migration tab show a flight at once. */
    public FlightPanel(Duration downtimeTarget, String idPrefix) {
        this.downtimeTarget = downtimeTarget;
        this.prefix = idPrefix;
        addClassName("mig-flight");
        setId(prefix + "-flight");
        status.addClassName("mig-status");
        status.setId(prefix + "-status");
        progress.setId(prefix + "-progress");
        progress.getElement().setAttribute("aria-label", "Migration progress");
        liveCharts.addClassName("mig-charts");
        liveCharts.setId(prefix + "-live-chart");
        live.add(status, progress, liveCharts);
        report.setId(prefix + "-report");
        report.setVisible(false);
        add(live, report);
        status.add(new Span("Connecting to the destination…"));
    }

    public boolean finished() {
        return finished;
    }

    /** Draws the newest state; once the task has finished, the report replaces the live view. */
    public void show(FlightView flight, TaskView task, String vmName, String source, String destination) {
        if (finished) {
            return;
        }
        boolean taskDone = task != null && task.status().finished();
        // The flight lands a moment before its task records the VM on the destination: with a task
        // to follow, the report waits for the task; without one (the Migration tab) the flight decides.
        boolean landed = task == null ? flight != null && flight.finished() : taskDone;
        if (landed) {
            finished = true;
            showReport(flight, task, vmName, source, destination);
            return;
        }
        progress.setValue(task == null ? 0 : Math.max(0, Math.min(1, task.progress())));
        status.removeAll();
        if (flight == null) {
            status.add(new Span("Connecting to the destination…"));
            return;
        }
        Sample last = flight.samples().isEmpty() ? null : flight.samples().getLast();
        status.add(chip("Phase", phaseLabel(flight.phase()), prefix + "-phase"),
                chip("Round", last == null ? "0" : String.valueOf(last.round()), prefix + "-round"),
                chip("Sent", last == null ? "0 B" : Units.bytes(last.bytesSent()), null),
                chip("Remaining", last == null ? "–" : Units.bytes(last.remainingBytes()), null),
                chip("Dirty rate", last == null ? "–" : Units.byteRate(last.dirtyBytesPerSec()), null),
                chip("Throttle", last == null || last.throttlePercent() == 0 ? "none" : last.throttlePercent() + "%", prefix + "-throttle"));
        liveCharts.getElement().setProperty("innerHTML", charts(flight.samples(), link(flight.prediction())));
    }

    private void showReport(FlightView flight, TaskView task, String vmName, String source, String destination) {
        live.setVisible(false);
        report.setVisible(true);
        report.removeAll();
        MigrationReport r = flight == null ? null : flight.report();
        boolean ok = r != null && flight.error() == null && (task == null || task.status() == TaskStatus.SUCCESS);
        if (ok) {
            Div banner = banner(true, VaadinIcon.CHECK_CIRCLE, vmName + " now runs on " + destination,
                    "Moved from " + source + " by " + FlightComparison.modeLabel(r.mode()).toLowerCase(Locale.ROOT)
                            + " in " + Units.duration(r.totalTime()) + ", paused for " + Units.duration(r.downtime()) + "."
                            + (r.memoryChecksum() != 0 ? " The memory the destination received matched the source's at the pause (checksum checked in "
                                    + Units.duration(r.verifyTime()) + " after the resume, while the source copy waited paused)." : ""));
            report.add(banner);
            report.add(section("Result beside prediction"));
            Div cards = new Div();
            cards.addClassName("mig-cards");
            cards.addClassName("report");
            for (FlightComparison.Metric m : FlightComparison.of(r, flight.prediction(), downtimeTarget)) {
                cards.add(metricCard(m));
            }
            report.add(cards);
        } else {
            String error = flight != null && flight.error() != null ? flight.error()
                    : task != null && task.errorMessage() != null ? task.errorMessage() : "The migration did not complete.";
            boolean cancelled = task != null && task.status() == TaskStatus.CANCELLED
                    || flight != null && flight.phase() == MigrationPhase.CANCELLED;
            Div banner = banner(false, cancelled ? VaadinIcon.BAN : VaadinIcon.EXCLAMATION_CIRCLE,
                    cancelled ? "Migration cancelled" : "Migration failed", null);
            Div message = new Div(error);
            message.addClassName("mig-error-text");
            message.setId(prefix + "-error");
            Div stays = new Div("The VM keeps running on " + source + ".");
            stays.addClassName("mig-stays");
            stays.setId(prefix + "-stays");
            banner.add(message, stays);
            report.add(banner);
        }
        if (flight != null && (!flight.rounds().isEmpty() || !flight.samples().isEmpty())) {
            report.add(section("Flight"));
            Div charts = new Div();
            charts.addClassName("mig-charts");
            charts.setId(prefix + "-report-charts");
            StringBuilder svg = new StringBuilder();
            if (!flight.rounds().isEmpty()) {
                svg.append("<div class='mig-chart'>").append(FlightCharts.roundBars(flight.rounds(), CHART_W, 200)).append("</div>");
            }
            svg.append(charts(flight.samples(), link(flight.prediction())));
            charts.getElement().setProperty("innerHTML", svg.toString());
            report.add(charts);
            if (!flight.rounds().isEmpty()) {
                report.add(section("Rounds"));
                report.add(roundsGrid(flight.rounds()));
            }
        }
    }

    private static String charts(List<Sample> samples, double link) {
        return "<div class='mig-chart'>" + FlightCharts.progress(samples, CHART_W, 190) + "</div>"
                + "<div class='mig-chart'>" + FlightCharts.dirtyRate(samples, link, CHART_W, 170) + "</div>";
    }

    private static double link(MigrationPrediction p) {
        return p == null ? 0 : p.bandwidthBytesPerSec();
    }

    private Grid<RoundReport> roundsGrid(List<RoundReport> rounds) {
        Grid<RoundReport> grid = new Grid<>();
        grid.setId(prefix + "-rounds");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(r -> FlightCharts.roundLabel(r).startsWith("R") ? String.valueOf(r.round()) : FlightCharts.roundLabel(r))
                .setHeader("Round").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(RoundReport::kind).setHeader("Kind").setAutoWidth(true);
        grid.addColumn(r -> Units.count(r.pagesSent())).setHeader("Pages sent").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(r -> Units.count(r.zeroPages())).setHeader("Zero pages").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(r -> Units.bytes(r.bytesSent())).setHeader("Bytes").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(r -> Units.count(r.dirtyPages())).setHeader("Dirtied").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(r -> Units.byteRate(r.dirtyBytesPerSec())).setHeader("Dirty rate").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(r -> Units.duration(r.duration())).setHeader("Duration").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(r -> r.throttlePercent() == 0 ? "–" : r.throttlePercent() + "%").setHeader("Throttle")
                .setTextAlign(ColumnTextAlign.END);
        grid.setItems(rounds);
        grid.setAllRowsVisible(rounds.size() <= 12);
        if (rounds.size() > 12) {
            grid.setHeight("22rem");
        }
        return grid;
    }

    private Div metricCard(FlightComparison.Metric m) {
        Span label = new Span(m.label());
        label.addClassName("mig-card-label");
        Span value = new Span(m.actual());
        value.addClassName("mig-card-value");
        Div predicted = new Div(new Span("predicted "), strong(m.predicted()));
        predicted.addClassName("mig-card-predicted");
        Div card = new Div(label, value, predicted);
        if (m.verdict() != FlightComparison.Verdict.NONE) {
            Span verdict = new Span((m.ratio().isEmpty() || "–".equals(m.ratio()) ? "" : m.ratio() + " · ")
                    + FlightComparison.verdictLabel(m.verdict()));
            verdict.addClassName("mig-verdict");
            verdict.addClassName(FlightComparison.cssClass(m.verdict()));
            card.add(verdict);
        }
        if (m.note() != null && !m.note().isEmpty()) {
            Span note = new Span(m.note());
            note.addClassName("mig-card-note");
            card.add(note);
        }
        card.addClassName("mig-card");
        card.setId(prefix + "-report-" + m.key());
        return card;
    }

    private Div banner(boolean ok, VaadinIcon icon, String title, String text) {
        Div banner = new Div();
        banner.addClassName("mig-banner");
        banner.addClassName(ok ? "ok" : "failed");
        banner.setId(prefix + "-outcome");
        H3 h = new H3(title);
        Div head = new Div(icon.create(), h);
        head.addClassName("mig-banner-head");
        banner.add(head);
        if (text != null) {
            banner.add(new Div(text));
        }
        return banner;
    }

    private static Div section(String title) {
        Div s = new Div(title);
        s.addClassName("mig-section");
        return s;
    }

    private Div chip(String label, String value, String id) {
        Span l = new Span(label);
        l.addClassName("mig-chip-label");
        Span v = new Span(value);
        v.addClassName("mig-chip-value");
        Div chip = new Div(l, v);
        chip.addClassName("mig-chip");
        if (id != null) {
            chip.setId(id);
        }
        return chip;
    }

    private static Span strong(String text) {
        Span s = new Span(text);
        s.addClassName("mig-strong");
        return s;
    }

    static String phaseLabel(MigrationPhase phase) {
        return switch (phase) {
            case CONNECTING -> "Connecting";
            case PRE_COPY -> "Pre-copy";
            case STOP_AND_COPY -> "Stop and copy";
            case SWITCHOVER -> "Switching over";
            case POST_COPY -> "Post-copy";
            case POST_COPY_RECOVERING -> "Post-copy: link lost, guest waiting";
            case COMPLETED -> "Completed";
            case FAILED -> "Failed";
            case CANCELLED -> "Cancelled";
        };
    }
}
