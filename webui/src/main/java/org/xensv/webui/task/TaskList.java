package org.xensv.webui.task;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.data.renderer.LitRenderer;
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
        // Drawn in the browser from a few properties per row (a template, not server-side components:
        // four components a row for fifty rows made a fifth of the console's first answer)
        grid.addColumn(LitRenderer.<TaskView>of(
                        "<span class='task-status ${item.statusClass}' data-task-status='${item.status}'>${item.statusClass}</span>")
                .withProperty("status", t -> t.status().name())
                .withProperty("statusClass", t -> t.status().name().toLowerCase(Locale.ROOT)))
                .setHeader("Status").setWidth("7rem").setFlexGrow(0);
        grid.addColumn(LitRenderer.<TaskView>of(
                        "<vaadin-progress-bar min='0' max='1' .value='${item.progress}' theme='${item.theme}'"
                                + " aria-label='Progress of ${item.name}'></vaadin-progress-bar>")
                .withProperty("progress", t -> t.status() == TaskStatus.SUCCESS ? 1 : Math.max(0, Math.min(1, t.progress())))
                .withProperty("theme", t -> t.status() == TaskStatus.FAILURE ? "error" : t.status() == TaskStatus.SUCCESS ? "success" : "")
                .withProperty("name", TaskView::name))
                .setHeader("Progress").setWidth("9rem").setFlexGrow(0);
        grid.addColumn(LitRenderer.<TaskView>of("<span class='${item.detailClass}' title='${item.detail}'>${item.detail}</span>")
                .withProperty("detail", TaskList::detail)
                .withProperty("detailClass", t -> failed(t) ? "task-error" : "task-detail"))
                .setHeader("Details").setFlexGrow(1);
        grid.addColumn(LitRenderer.<TaskView>of(
                        "<vaadin-button theme='small error tertiary' ?hidden='${!item.cancellable}' ?disabled='${!item.allowed}'"
                                + " title='${item.why}' aria-label='Cancel ${item.name}' @click='${cancel}'>Cancel</vaadin-button>")
                .withProperty("cancellable", t -> t.cancellable() && !t.status().finished())
                .withProperty("allowed", t -> org.xensv.webui.security.Guard.allows(org.xensv.toolstack.security.Action.TASK_CANCEL))
                .withProperty("why", t -> org.xensv.webui.security.Guard.whyNot(org.xensv.toolstack.security.Action.TASK_CANCEL).orElse(""))
                .withProperty("name", TaskView::name)
                .withFunction("cancel", onCancel::accept))
                .setHeader("").setWidth("6.5rem").setFlexGrow(0).setTextAlign(ColumnTextAlign.END);
        grid.setSizeFull();
        // the panel shows about a dozen rows: the first answer carries a page of 20, not all 50
        // (the rest follow as the admin scrolls)
        grid.setPageSize(20);
        add(title, grid);
    }

    public void show(List<TaskView> tasks) {
        grid.setItems(tasks);
    }

    private static boolean failed(TaskView task) {
        return task.errorMessage() != null && !task.errorMessage().isBlank();
    }

    private static String detail(TaskView task) {
        return failed(task) ? task.errorMessage() : TaskSummary.of(task);
    }
}
