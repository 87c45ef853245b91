package org.xensv.webui.task;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import org.xensv.toolstack.migration.TaskSummary;
import org.xensv.toolstack.task.TaskStatus;
import org.xensv.toolstack.task.TaskView;

/** The task list at the bottom of the console: recent tasks with status, progress, errors and Cancel. */
public class TaskList extends Div {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final Grid<TaskView> grid = new Grid<>();

    public TaskList(Consumer<TaskView> onCancel) {
        setId("task-list");
        setSizeFull();
        getStyle().set("display", "flex").set("flex-direction", "column");
        Div title = new Div("Tasks");
        title.addClassName("xensv-tasks-title");

        grid.setId("task-grid");
        grid.getElement().setAttribute("aria-label", "Tasks");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(t -> TIME.format(t.createdAt())).setHeader("Time").setWidth("6rem").setFlexGrow(0);
        grid.addColumn(TaskView::name).setHeader("Task").setWidth("11rem").setFlexGrow(0);
        grid.addColumn(t -> t.objectName() == null ? "" : t.objectName()).setHeader("Object").setWidth("10rem").setFlexGrow(0);
        grid.addColumn(t -> t.startedBy() == null ? "" : t.startedBy()).setHeader("Started by").setWidth("7rem").setFlexGrow(0)
                .setKey("started-by");
        grid.addComponentColumn(TaskList::status).setHeader("Status").setWidth("7rem").setFlexGrow(0);
        grid.addComponentColumn(TaskList::progress).setHeader("Progress").setWidth("9rem").setFlexGrow(0);
        grid.addComponentColumn(TaskList::detail).setHeader("Details").setFlexGrow(1);
        grid.addComponentColumn(t -> cancel(t, onCancel)).setHeader("").setWidth("6.5rem").setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        grid.setSizeFull();
        add(title, grid);
    }

    public void show(List<TaskView> tasks) {
        grid.setItems(tasks);
    }

    private static Component status(TaskView task) {
        Span status = new Span(task.status().name().toLowerCase(Locale.ROOT));
        status.addClassNames("task-status", task.status().name().toLowerCase(Locale.ROOT));
        status.getElement().setAttribute("data-task-status", task.status().name());
        return status;
    }

    private static Component progress(TaskView task) {
        ProgressBar bar = new ProgressBar(0, 1, task.status() == TaskStatus.SUCCESS ? 1 : Math.max(0, Math.min(1, task.progress())));
        bar.getElement().setAttribute("aria-label", "Progress of " + task.name());
        if (task.status() == TaskStatus.FAILURE) {
            bar.addThemeName("error");
        } else if (task.status() == TaskStatus.SUCCESS) {
            bar.addThemeName("success");
        }
        return bar;
    }

    private static Component detail(TaskView task) {
        if (task.errorMessage() != null && !task.errorMessage().isBlank()) {
            Span error = new Span(task.errorMessage());
            error.addClassName("task-error");
            error.setTitle(task.errorMessage());
            return error;
        }
        String summary = TaskSummary.of(task);
        Span detail = new Span(summary);
        detail.setTitle(summary);
        return detail;
    }

    private static Component cancel(TaskView task, Consumer<TaskView> onCancel) {
        if (!task.cancellable() || task.status().finished()) {
            return new Span();
        }
        Button cancel = new Button("Cancel", e -> onCancel.accept(task));
        cancel.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        cancel.getElement().setAttribute("aria-label", "Cancel " + task.name());
        org.xensv.webui.security.Guard.apply(cancel, org.xensv.toolstack.security.Action.TASK_CANCEL);
        return cancel;
    }
}
