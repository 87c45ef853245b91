package org.xensv.webui.migration;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.radiobutton.RadioGroupVariant;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.shared.Registration;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.toolstack.migration.DestinationOption;
import org.xensv.toolstack.migration.FlightView;
import org.xensv.toolstack.migration.MigrateRequest;
import org.xensv.toolstack.task.TaskView;
import org.xensv.webui.migration.MigrateWizardModel.Bandwidth;
import org.xensv.webui.migration.MigrateWizardModel.Field;
import org.xensv.webui.migration.MigrateWizardModel.FieldError;
import org.xensv.webui.migration.MigrateWizardModel.Step;
import org.xensv.webui.wizard.StepBar;

/**
 * The Migrate wizard (destination, options, prediction), then the same dialog follows the migration
 * live and ends with its flight report. Logic lives in {@link MigrateWizardModel}; the toolstack is
 * reached through {@link Backend}. Once the migration starts the dialog is modeless; closing it leaves
 * the migration running as a task.
 */
public final class MigrateDialog extends Dialog {

    /** What the dialog needs from the toolstack. */
    public interface Backend {
        MigrationPrediction predict(MigrateRequest request);

        TaskView start(MigrateRequest request);

        Optional<FlightView> flight(UUID taskId);

        TaskView task(UUID taskId);

        void cancel(UUID taskId);
    }

    static final int POLL_MS = 250;

    private final MigrateWizardModel model;
    private final Backend backend;

    private final RadioButtonGroup<DestinationOption> host = new RadioButtonGroup<>("Destination host");
    private final RadioButtonGroup<Boolean> live = new RadioButtonGroup<>("Method");
    private final Select<Bandwidth> bandwidth = new Select<>();
    private final TextField customMbps = new TextField("Custom limit");
    private final TextField downtime = new TextField("Downtime target");
    private final Checkbox postCopy = new Checkbox("Allow post-copy when pre-copy cannot converge");
    private final Checkbox autoConverge = new Checkbox("Auto-converge: slow the guest's vCPUs if it dirties too fast");
    private final Div predictionPage = new Div();
    private final Span message = new Span();
    private final StepBar<Step> stepBar = new StepBar<>(Step.class, Step::title, "Migration");
    private final Map<Step, Div> pages = new EnumMap<>(Step.class);
    private final Map<Field, HasValidation> fields = new EnumMap<>(Field.class);
    private final Div body = new Div();

    private final Button back = new Button("Back", e -> back());
    private final Button next = new Button("Next", e -> next());
    private final Button start = new Button("Start migration", VaadinIcon.PLAY.create(), e -> start());
    private final Button cancelWizard = new Button("Cancel", e -> close());
    private final Button cancelMigration = new Button("Cancel migration", VaadinIcon.STOP.create(), e -> cancelMigration());
    private final Button closeButton = new Button("Close", e -> close());

    private FlightPanel flightPanel;
    private UUID taskId;
    private Registration poll;
    private com.vaadin.flow.component.UI pollingUi;
    private int previousPollInterval = -1;

    public MigrateDialog(MigrateWizardModel model, Backend backend) {
        this.model = model;
        this.backend = backend;
        setId("migrate-wizard");
        setHeaderTitle("Migrate " + model.vmName());
        setWidth("min(60rem, 96vw)");
        setCloseOnOutsideClick(false);
        setDraggable(true);
        setResizable(true);
        addClassName("mig-dialog");
        getElement().setAttribute("aria-label", "Migrate wizard");

        host.setId("migrate-host");
        host.addThemeVariants(RadioGroupVariant.LUMO_VERTICAL);
        host.setItems(model.destinations());
        host.setRenderer(new ComponentRenderer<>(MigrateDialog::hostItem));
        host.setItemEnabledProvider(DestinationOption::eligible);
        host.setWidthFull();
        model.destination().ifPresent(host::setValue);

        live.setId("migrate-live");
        live.setItems(true, false);
        live.setItemLabelGenerator(l -> l ? "Live (pre-copy while the VM runs)" : "Stop and copy (pause, copy, resume)");
        live.addThemeVariants(RadioGroupVariant.LUMO_VERTICAL);
        live.addValueChangeListener(e -> syncEnabled());
        bandwidth.setId("migrate-bandwidth");
        bandwidth.setLabel("Bandwidth limit");
        bandwidth.setItems(Bandwidth.values());
        bandwidth.setItemLabelGenerator(Bandwidth::label);
        bandwidth.addValueChangeListener(e -> syncEnabled());
        customMbps.setId("migrate-custom-mbps");
        customMbps.setSuffixComponent(new Span("Mbit/s"));
        customMbps.setValueChangeMode(ValueChangeMode.EAGER);
        downtime.setId("migrate-downtime");
        downtime.setSuffixComponent(new Span("ms"));
        downtime.setHelperText("The longest pause you accept when the VM switches host");
        postCopy.setId("migrate-postcopy");
        autoConverge.setId("migrate-autoconverge");
        for (TextField f : List.of(customMbps, downtime)) {
            f.setManualValidation(true);
            f.setWidth("16rem");
        }
        host.setManualValidation(true);
        fields.put(Field.HOST, host);
        fields.put(Field.BANDWIDTH, customMbps);
        fields.put(Field.DOWNTIME, downtime);

        Div intro = new Div("Move " + model.vmName() + " off " + model.sourceName()
                + ". Hosts that cannot take it are shown with the reason.");
        intro.addClassName("mig-subtle");
        pages.put(Step.DESTINATION, page(intro, host));
        Div linkRow = new Div(bandwidth, customMbps);
        linkRow.addClassName("mig-row");
        pages.put(Step.OPTIONS, page(live, linkRow, downtime, autoConverge, postCopy));
        predictionPage.setId("migrate-prediction-page");
        pages.put(Step.PREDICTION, page(predictionPage));

        stepBar.setId("migrate-steps");
        message.setId("migrate-message");
        message.addClassName("wizard-message");
        body.add(stepBar);
        pages.values().forEach(body::add);
        body.add(message);
        add(body);

        next.setId("migrate-next");
        back.setId("migrate-back");
        start.setId("migrate-start");
        cancelWizard.setId("migrate-cancel-wizard");
        cancelMigration.setId("migrate-cancel");
        closeButton.setId("migrate-close");
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SUCCESS);
        cancelMigration.addThemeVariants(ButtonVariant.LUMO_ERROR);
        closeButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        cancelMigration.setVisible(false);
        closeButton.setVisible(false);
        getFooter().add(cancelWizard, cancelMigration, back, next, start, closeButton);

        load();
        show();
    }

    private static Div hostItem(DestinationOption d) {
        Span name = new Span(d.hostName());
        name.addClassName("mig-strong");
        Span free = new Span(Units.count(d.freeMemoryMiB()) + " MiB free");
        free.addClassName("mig-subtle");
        Div item = new Div(name, free);
        item.addClassName("mig-host-item");
        item.getElement().setAttribute("data-host", d.hostName());
        if (!d.eligible()) {
            Span reason = new Span(d.reason());
            reason.addClassName("mig-host-reason");
            item.add(reason);
            item.addClassName("ineligible");
        }
        return item;
    }

    // ---- wizard ----

    private void next() {
        store();
        List<FieldError> errors = model.next();
        showErrors(errors);
        if (errors.isEmpty()) {
            if (model.step() == Step.PREDICTION && !predict()) {
                return;
            }
            show();
        }
    }

    private void back() {
        store();
        model.back();
        show();
    }

    /** Asks the toolstack for the prediction; false (and the error placed) if it refuses the options. */
    private boolean predict() {
        predictionPage.removeAll();
        try {
            MigrationPrediction p = backend.predict(model.toRequest());
            predictionPage.add(new PredictionPanel(model, p));
            message.setText("");
            return true;
        } catch (HypervisorException e) {
            serverError(e);
            return false;
        } catch (RuntimeException e) {
            message.setText("The prediction is not available: " + e.getMessage());
            predictionPage.add(new Div("No prediction: the migration can still be started."));
            return true;
        }
    }

    private void start() {
        store();
        List<FieldError> errors = model.validate(Step.PREDICTION);
        if (!errors.isEmpty()) {
            model.goTo(errors.getFirst().field().step());
            show();
            showErrors(errors);
            return;
        }
        TaskView task;
        try {
            task = backend.start(model.toRequest());
        } catch (HypervisorException e) {
            serverError(e);
            return;
        }
        taskId = task.id();
        showFlight(task);
    }

    private void serverError(HypervisorException e) {
        model.placeServerError(e).ifPresentOrElse(error -> {
            show();
            showErrors(List.of(error));
            message.setText("");
        }, () -> message.setText(e.getMessage()));
    }

    private void showErrors(List<FieldError> errors) {
        fields.values().forEach(f -> f.setInvalid(false));
        for (FieldError error : errors) {
            HasValidation field = fields.get(error.field());
            field.setErrorMessage(error.message());
            field.setInvalid(true);
        }
    }

    private void load() {
        live.setValue(model.live());
        bandwidth.setValue(model.bandwidth());
        customMbps.setValue(model.customMbps());
        downtime.setValue(model.downtimeMs());
        postCopy.setValue(model.postCopy());
        autoConverge.setValue(model.autoConverge());
        syncEnabled();
    }

    private void store() {
        model.setHostId(host.getValue() == null ? null : host.getValue().hostId());
        model.setLive(Boolean.TRUE.equals(live.getValue()));
        model.setBandwidth(bandwidth.getValue());
        model.setCustomMbps(customMbps.getValue());
        model.setDowntimeMs(downtime.getValue());
        model.setPostCopy(postCopy.getValue());
        model.setAutoConverge(autoConverge.getValue());
    }

    private void syncEnabled() {
        boolean isLive = !Boolean.FALSE.equals(live.getValue());
        downtime.setEnabled(isLive);
        postCopy.setEnabled(isLive);
        autoConverge.setEnabled(isLive);
        customMbps.setVisible(bandwidth.getValue() == Bandwidth.CUSTOM);
    }

    private void show() {
        Step step = model.step();
        pages.forEach((s, page) -> page.setVisible(s == step));
        stepBar.show(step);
        back.setEnabled(!model.isFirst());
        next.setVisible(!model.isLast());
        start.setVisible(model.isLast());
    }

    private static Div page(com.vaadin.flow.component.Component... components) {
        Div page = new Div(components);
        page.addClassName("mig-page");
        return page;
    }

    // ---- flight ----

    private void showFlight(TaskView task) {
        setHeaderTitle("Migrating " + model.vmName() + " to " + model.destinationName());
        // From here on it only reports: the console stays usable, so the VM's Performance tab (or
        // anything else) can be watched beside the dialog while the migration runs.
        setModal(false);
        body.removeAll();
        StepBar<Step> steps = new StepBar<>(Step.class, Step::title, "Migration");
        steps.showStage("Migration");
        Div subtitle = new Div(model.vmName() + " from " + model.sourceName() + " to " + model.destinationName()
                + " · " + model.optionsSummary());
        subtitle.addClassName("mig-subtle");
        flightPanel = new FlightPanel(downtimeTarget(), "migrate");
        body.add(steps, subtitle, flightPanel);
        back.setVisible(false);
        next.setVisible(false);
        start.setVisible(false);
        cancelWizard.setVisible(false);
        cancelMigration.setVisible(true);
        closeButton.setVisible(true);
        closeButton.setText("Close (keeps running)");
        closeButton.removeThemeVariants(ButtonVariant.LUMO_PRIMARY);
        startPolling();
        tick(task);
    }

    private Duration downtimeTarget() {
        MigrateRequest r = model.toRequest();
        return r.downtimeTargetMs() == null ? null : Duration.ofMillis(r.downtimeTargetMs());
    }

    private void tick(TaskView known) {
        if (taskId == null || flightPanel == null || flightPanel.finished()) {
            return;
        }
        TaskView task = known;
        try {
            if (task == null) {
                task = backend.task(taskId);
            }
        } catch (HypervisorException e) {
            task = null;
        }
        FlightView flight = backend.flight(taskId).orElse(null);
        flightPanel.show(flight, task, model.vmName(), model.sourceName(), model.destinationName());
        if (flightPanel.finished()) {
            stopPolling();
            cancelMigration.setVisible(false);
            closeButton.setText("Close");
            closeButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        }
    }

    private void cancelMigration() {
        if (taskId == null) {
            return;
        }
        try {
            backend.cancel(taskId);
            cancelMigration.setEnabled(false);
            cancelMigration.setText("Cancelling…");
        } catch (HypervisorException e) {
            message.setText(e.getMessage());
        }
    }

    private void startPolling() {
        getUI().ifPresent(ui -> {
            if (poll == null) {
                pollingUi = ui;
                previousPollInterval = ui.getPollInterval();
                ui.setPollInterval(POLL_MS);
                poll = ui.addPollListener(e -> tick(null));
            }
        });
    }

    private void stopPolling() {
        if (poll != null) {
            poll.remove();
            poll = null;
            pollingUi.setPollInterval(previousPollInterval);
        }
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        if (taskId != null && flightPanel != null && !flightPanel.finished()) {
            startPolling();
        }
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        stopPolling();
        super.onDetach(detachEvent);
    }
}
