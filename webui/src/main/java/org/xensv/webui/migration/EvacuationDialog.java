package org.xensv.webui.migration;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.shared.Registration;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.toolstack.migration.EvacuationRow;
import org.xensv.toolstack.task.TaskView;

/**
 * Maintenance mode and bulk migrate share this dialog: a first page that says what will happen
 * (and takes the options), then one task's per-VM progress, refreshed while the dialog is open.
 * Once the task runs the dialog is modeless (drag it aside by its title to use the console).
 */
final class EvacuationDialog extends Dialog {

    interface Backend {
        TaskView task(UUID taskId);

        Optional<List<EvacuationRow>> rows(UUID taskId);

        void cancel(UUID taskId);
    }

    private final Backend backend;
    private final Supplier<TaskView> starter;
    private final String successText;
    private final String runningTitle;
    private final Div body = new Div();
    private final Span message = new Span();
    private final Button start;
    private final Button cancel = new Button("Cancel", e -> close());
    private final Button cancelTask = new Button("Cancel remaining", e -> cancelTask());
    private final Button closeButton = new Button("Close", e -> close());
    private EvacuationPanel panel;
    private UUID taskId;
    private Registration poll;
    private UI pollingUi;
    private int previousPollInterval = -1;

    /** {@code starter} submits the task; it may throw the toolstack's refusal, shown in the dialog. */
    EvacuationDialog(String id, String title, String runningTitle, Component setup, String startLabel, boolean danger,
                     Supplier<TaskView> starter, String successText, Backend backend) {
        this.runningTitle = runningTitle;
        this.backend = backend;
        this.starter = starter;
        this.successText = successText;
        setId(id);
        setHeaderTitle(title);
        setWidth("min(52rem, 96vw)");
        setCloseOnOutsideClick(false);
        addClassName("mig-dialog");
        setDraggable(true);
        setResizable(true);
        message.addClassName("wizard-message");
        message.setId(id + "-message");
        body.add(setup, message);
        add(body);
        start = new Button(startLabel, e -> start());
        start.setId(id + "-start");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        if (danger) {
            start.addThemeVariants(ButtonVariant.LUMO_ERROR);
        }
        cancel.setId(id + "-cancel");
        cancelTask.setId(id + "-cancel-task");
        cancelTask.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        closeButton.setId(id + "-close");
        cancelTask.setVisible(false);
        closeButton.setVisible(false);
        getFooter().add(cancel, cancelTask, closeButton, start);
    }

    /** For the setup page's own checks (e.g. "select at least one VM"). */
    void showMessage(String text) {
        message.setText(text);
    }

    private void start() {
        TaskView task;
        try {
            task = starter.get();
        } catch (HypervisorException e) {
            message.setText(e.getMessage());
            return;
        }
        if (task == null) {
            return;
        }
        taskId = task.id();
        setHeaderTitle(runningTitle);
        // From here on it only reports, as the Migrate dialog does: the console stays usable beside it.
        setModal(false);
        body.removeAll();
        panel = new EvacuationPanel();
        body.add(panel, message);
        message.setText("");
        start.setVisible(false);
        cancel.setVisible(false);
        cancelTask.setVisible(task.cancellable());
        closeButton.setVisible(true);
        closeButton.setText("Close (keeps running)");
        getUI().ifPresent(ui -> {
            pollingUi = ui;
            previousPollInterval = ui.getPollInterval();
            ui.setPollInterval(MigrateDialog.POLL_MS);
            poll = ui.addPollListener(e -> tick());
        });
        tick();
    }

    private void tick() {
        if (taskId == null) {
            return;
        }
        TaskView task;
        try {
            task = backend.task(taskId);
        } catch (HypervisorException e) {
            stop();
            return;
        }
        panel.show(task, backend.rows(taskId).orElse(List.of()), successText);
        if (task.status().finished()) {
            stop();
            cancelTask.setVisible(false);
            closeButton.setText("Close");
            closeButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        }
    }

    private void cancelTask() {
        try {
            backend.cancel(taskId);
            cancelTask.setEnabled(false);
        } catch (HypervisorException e) {
            message.setText(e.getMessage());
        }
    }

    private void stop() {
        if (poll != null) {
            poll.remove();
            poll = null;
            pollingUi.setPollInterval(previousPollInterval);
        }
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        stop();
        super.onDetach(detachEvent);
    }
}
