package org.xensv.webui.migration;

import java.util.List;
import java.util.Locale;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import org.xensv.toolstack.migration.EvacuationRow;
import org.xensv.toolstack.migration.EvacuationRow.Status;
import org.xensv.toolstack.task.TaskStatus;
import org.xensv.toolstack.task.TaskView;

/** Progress of an evacuation or a bulk migration: one row per VM with its status and reason. */
final class EvacuationPanel extends Div {

    private final Grid<EvacuationRow> grid = new Grid<>();
    private final ProgressBar progress = new ProgressBar();
    private final Div summary = new Div();
    private final Div outcome = new Div();

    EvacuationPanel() {
        addClassName("mig-evacuation");
        summary.addClassName("mig-subtle");
        summary.setId("evacuation-summary");
        outcome.setId("evacuation-outcome");
        outcome.setVisible(false);
        progress.setId("evacuation-progress");
        progress.getElement().setAttribute("aria-label", "Evacuation progress");
        grid.setId("evacuation-rows");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(EvacuationRow::vm).setHeader("VM").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(new ComponentRenderer<>(EvacuationPanel::status)).setHeader("Status").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(EvacuationRow::action).setHeader("Action").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> r.destination() == null ? "–" : r.destination()).setHeader("Destination").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(r -> r.reason() == null ? "" : r.reason()).setHeader("Reason").setFlexGrow(3)
                .setTooltipGenerator(r -> r.reason() == null ? "" : r.reason());
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("Waiting for the task to start…");
        add(outcome, summary, progress, grid);
    }

    void show(TaskView task, List<EvacuationRow> rows, String successText) {
        grid.setItems(rows);
        long moved = rows.stream().filter(r -> r.status() == Status.MOVED).count();
        long moving = rows.stream().filter(r -> r.status() == Status.MOVING).count();
        long stuck = rows.stream().filter(r -> r.status() == Status.FAILED || r.status() == Status.CANNOT_MOVE).count();
        summary.setText(rows.isEmpty() ? "" : moved + " of " + rows.size() + " moved" + (moving > 0 ? ", " + moving + " moving" : "")
                + (stuck > 0 ? ", " + stuck + " could not move" : ""));
        if (task == null) {
            return;
        }
        progress.setValue(Math.max(0, Math.min(1, task.progress())));
        if (task.status().finished()) {
            progress.setVisible(false);
            outcome.setVisible(true);
            outcome.removeAll();
            boolean ok = task.status() == TaskStatus.SUCCESS;
            outcome.addClassName("mig-banner");
            outcome.removeClassNames("ok", "failed");
            outcome.addClassName(ok ? "ok" : "failed");
            Div head = new Div((ok ? VaadinIcon.CHECK_CIRCLE : VaadinIcon.EXCLAMATION_CIRCLE).create(),
                    new Span(ok ? successText : task.status() == TaskStatus.CANCELLED ? "Cancelled" : "Not done"));
            head.addClassName("mig-banner-head");
            outcome.add(head);
            if (!ok && task.errorMessage() != null) {
                Div error = new Div(task.errorMessage());
                error.addClassName("mig-error-text");
                error.setId("evacuation-error");
                outcome.add(error);
            }
        }
    }

    private static Span status(EvacuationRow row) {
        Span s = new Span(switch (row.status()) {
            case WAITING -> "waiting";
            case MOVING -> "moving…";
            case MOVED -> "moved";
            case FAILED -> "failed";
            case CANNOT_MOVE -> "cannot move";
        });
        s.addClassName("mig-status-badge");
        s.addClassName("status-" + row.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        s.getElement().setAttribute("data-vm", row.vm());
        return s;
    }
}
