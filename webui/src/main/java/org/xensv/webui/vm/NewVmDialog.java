package org.xensv.webui.vm;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.toolstack.vm.VmSpec;
import org.xensv.webui.vm.NewVmWizardModel.Field;
import org.xensv.webui.vm.NewVmWizardModel.FieldError;
import org.xensv.webui.vm.NewVmWizardModel.HostChoice;
import org.xensv.webui.vm.NewVmWizardModel.Step;
import org.xensv.webui.network.WizardNicsPanel;
import org.xensv.webui.wizard.StepBar;

/**
 * The New VM wizard's dialog: wires fields to a {@link NewVmWizardModel} and shows its errors at the
 * fields. It creates nothing itself: Create hands the spec to the listener (the view calls the
 * toolstack) which answers with {@link #showServerError} or closes the dialog.
 */
public class NewVmDialog extends Dialog {

    private final NewVmWizardModel model;
    private final Consumer<VmSpec> onCreate;

    private final RadioButtonGroup<NewVmTemplate> template = new RadioButtonGroup<>("Template");
    private final Span templateCopies = new Span();
    private final Span copiedNics = new Span();
    private final Span copiedDisks = new Span();
    private final TextField name = new TextField("Name");
    private final RadioButtonGroup<String> type = new RadioButtonGroup<>("Virtualisation mode");
    private final Select<String> workload = new Select<>();
    private final TextField vcpus = new TextField("vCPUs");
    private final TextField memory = new TextField("Memory");
    private final ComboBox<HostChoice> host = new ComboBox<>("Home server");
    /** The host list's first choice when placement is offered: the console picks (see {@link NewVmPlacement}). */
    private static final HostChoice AUTOMATIC = new HostChoice(null, "Automatic", 0, 0, true);
    private final Span placementReason = new Span();
    private final TextField antiAffinity = new TextField("Anti-affinity group");
    private final Checkbox start = new Checkbox("Start the VM after creating it");
    private final Select<String> ha = new Select<>();
    private final Div summary = new Div();
    private final Span message = new Span();
    private final StepBar<Step> stepBar = new StepBar<>(Step.class, Step::title);
    private final Map<Step, VerticalLayout> pages = new EnumMap<>(Step.class);
    private final Map<Field, HasValidation> fields = new EnumMap<>(Field.class);

    private WizardNicsPanel nicsPanel;
    private final Button back = new Button("Back", e -> back());
    private final Button next = new Button("Next", e -> next());
    private final Button create = new Button("Create", e -> create());
    private final Button cancel = new Button("Cancel", e -> close());
    // the disk step
    private final com.vaadin.flow.component.radiobutton.RadioButtonGroup<NewVmDisk.Kind> diskKind =
            new com.vaadin.flow.component.radiobutton.RadioButtonGroup<>("Disk");
    private final ComboBox<NewVmDisk.RepositoryChoice> diskRepository = new ComboBox<>("Storage repository");
    private final TextField diskSize = new TextField("Size");
    private final ComboBox<NewVmDisk.ImageChoice> diskImage = new ComboBox<>("Image");
    private final ComboBox<NewVmWizardModel.QosChoice> qos = new ComboBox<>("QoS policy");

    public NewVmDialog(NewVmWizardModel model, Consumer<VmSpec> onCreate) {
        this.model = model;
        this.onCreate = onCreate;
        setId("new-vm-wizard");
        setHeaderTitle("New VM");
        setWidth("34rem");
        setCloseOnOutsideClick(false);
        getElement().setAttribute("aria-label", "New VM wizard");

        template.setId("wizard-template");
        template.setItems(model.templateChoices());
        template.setItemLabelGenerator(NewVmTemplate::label);
        template.addThemeVariants(com.vaadin.flow.component.radiobutton.RadioGroupVariant.LUMO_VERTICAL);
        template.addValueChangeListener(e -> templateCopies.setText(e.getValue() == null ? "" : e.getValue().copies()));
        templateCopies.setId("wizard-template-copies");
        copiedNics.setId("wizard-copied-nics");
        copiedDisks.setId("wizard-copied-disks");
        name.setId("wizard-name");
        name.setPlaceholder("e.g. web-01");
        name.setHelperText("Letters, digits, '.', '_' and '-'; up to 64 characters");
        name.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.EAGER);
        type.setId("wizard-type");
        type.setItems("PV", "HVM");
        type.setItemLabelGenerator(t -> "PV".equals(t) ? "PV (paravirtualised)" : "HVM (hardware-virtualised)");
        workload.setId("wizard-workload");
        workload.setLabel("Guest image");
        workload.setHelperText("Run by the console's embedded hosts; a VM on a libvirt host has none");
        workload.setItems(java.util.Arrays.stream(WorkloadKind.values()).map(Enum::name).toList());
        workload.setItemLabelGenerator(NewVmWizardModel::workloadLabel);
        vcpus.setId("wizard-vcpus");
        vcpus.setHelperText("1 to 128");
        memory.setId("wizard-memory");
        memory.setSuffixComponent(new Span("MiB"));
        memory.setHelperText("At least 16 MiB; '4 GiB' also works");
        qos.setId("wizard-qos");
        qos.setItems(model.qosChoices());
        qos.setItemLabelGenerator(NewVmWizardModel.QosChoice::name);
        qos.setClearButtonVisible(true);
        qos.setPlaceholder("none");
        qos.setHelperText("Applies to the VM's CPU, its NICs and its disk; values set on them later override it");
        qos.setWidthFull();
        host.setId("wizard-host");
        List<HostChoice> hostItems = new java.util.ArrayList<>();
        if (model.placement().offered()) {
            hostItems.add(AUTOMATIC);
        }
        hostItems.addAll(model.hosts());
        host.setItems(hostItems);
        host.setItemLabelGenerator(c -> c == AUTOMATIC ? "Automatic: the console chooses" : c.label());
        host.setWidthFull();
        host.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                model.placement().setAutomatic(e.getValue() == AUTOMATIC);
                if (e.getValue() != null && e.getValue() != AUTOMATIC) {
                    model.setHostId(e.getValue().id());
                }
                showPlacement();
            }
        });
        placementReason.setId("wizard-placement-reason");
        placementReason.addClassName("wizard-placement-reason");
        antiAffinity.setId("wizard-anti-affinity");
        antiAffinity.setHelperText("VMs of one group are kept on different hosts where the pool allows; empty for none");
        antiAffinity.setPlaceholder("e.g. web");
        antiAffinity.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                model.placement().setAntiAffinityGroup(e.getValue());
                showPlacement();
            }
        });
        start.setId("wizard-start");
        ha.setId("wizard-ha");
        ha.setLabel("High availability");
        ha.setItems("unprotected", "restart", "best-effort");
        ha.setItemLabelGenerator(p -> NewVmWizardModel.haLabel(p.equals("unprotected") ? null : p));
        ha.setHelperText("Restart: restarted on another host of the pool when this host is lost; best effort: after those, if memory is left");
        ha.setWidthFull();
        org.xensv.webui.security.Guard.apply(ha, org.xensv.toolstack.security.Action.VM_HA);
        summary.setId("wizard-summary");
        message.setId("wizard-message");
        message.addClassName("wizard-message");
        for (TextField f : List.of(name, vcpus, memory, antiAffinity)) {
            f.setManualValidation(true);
            f.setWidthFull();
        }
        host.setManualValidation(true);
        workload.setWidthFull();

        fields.put(Field.TEMPLATE, template);
        fields.put(Field.NAME, name);
        fields.put(Field.TYPE, type);
        fields.put(Field.WORKLOAD, workload);
        fields.put(Field.VCPUS, vcpus);
        fields.put(Field.MEMORY, memory);
        fields.put(Field.HOST, host);
        fields.put(Field.ANTI_AFFINITY, antiAffinity);
        diskKind.setId("wizard-disk-kind");
        diskKind.setItems(NewVmDisk.Kind.values());
        diskKind.setItemLabelGenerator(NewVmDisk.Kind::label);
        diskKind.addValueChangeListener(e -> showDiskFields());
        diskRepository.setId("wizard-disk-sr");
        diskRepository.setItemLabelGenerator(NewVmDisk.RepositoryChoice::label);
        diskRepository.setWidthFull();
        diskSize.setId("wizard-disk-size");
        diskSize.setSuffixComponent(new Span("MiB"));
        diskImage.setId("wizard-disk-image");
        diskImage.setItemLabelGenerator(NewVmDisk.ImageChoice::label);
        diskImage.setWidthFull();
        fields.put(Field.DISK, diskKind);
        WizardNicsPanel nics = new WizardNicsPanel(model.nics());
        fields.put(Field.NICS, nics);

        pages.put(Step.TEMPLATE, page(template, templateCopies));
        pages.put(Step.GENERAL, page(name, type, workload));
        pages.put(Step.RESOURCES, page(vcpus, memory, qos));
        pages.put(Step.PLACEMENT, page(antiAffinity, host, placementReason, start, ha, nics, copiedNics));
        pages.put(Step.DISK, page(diskKind, diskRepository, diskSize, diskImage, copiedDisks));
        this.nicsPanel = nics;
        pages.put(Step.SUMMARY, page(summary));
        stepBar.setId("wizard-steps");

        VerticalLayout body = new VerticalLayout(stepBar);
        body.setPadding(false);
        body.setSpacing(false);
        pages.values().forEach(body::add);
        body.add(message);
        add(body);

        next.setId("wizard-next");
        back.setId("wizard-back");
        create.setId("wizard-create");
        cancel.setId("wizard-cancel");
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        next.addClickShortcut(Key.ENTER);
        getFooter().add(cancel, back, next, create);

        load();
        show();
    }

    /** Shows the toolstack's refusal of Create at its field, or as a message in the dialog. */
    public void showServerError(HypervisorException e) {
        store();
        model.placeServerError(e).ifPresentOrElse(error -> {
            show();
            showErrors(List.of(error));
            message.setText("");
        }, () -> message.setText(e.getMessage()));
    }

    private void next() {
        store();
        List<FieldError> errors = model.next();
        showErrors(errors);
        if (errors.isEmpty()) {
            show();
        }
    }

    private void back() {
        store();
        model.back();
        show();
    }

    private void create() {
        store();
        List<FieldError> errors = model.validate(Step.SUMMARY);
        if (!errors.isEmpty()) {
            model.goTo(errors.get(0).field().step());
            show();
            showErrors(errors);
            return;
        }
        message.setText("");
        onCreate.accept(model.toSpec());
    }

    private void showErrors(List<FieldError> errors) {
        fields.values().forEach(f -> f.setInvalid(false));
        for (FieldError error : errors) {
            HasValidation field = fields.get(error.field());
            field.setErrorMessage(error.message());
            field.setInvalid(true);
        }
        if (!errors.isEmpty() && fields.get(errors.get(0).field()) instanceof com.vaadin.flow.component.Focusable<?> f) {
            f.focus();
        }
    }

    private void load() {
        template.setValue(model.template());
        name.setValue(model.name());
        type.setValue(model.type());
        workload.setValue(model.workload());
        vcpus.setValue(model.vcpus());
        memory.setValue(model.memory());
        if (model.placement().automatic()) {
            host.setValue(AUTOMATIC);
        } else {
            model.host().ifPresent(host::setValue);
        }
        antiAffinity.setValue(model.placement().antiAffinityGroup());
        antiAffinity.setVisible(!model.fromTemplate());
        qos.setValue(model.qosPolicy());
        qos.setVisible(!model.fromTemplate() && !model.qosChoices().isEmpty());
        start.setValue(model.start());
        ha.setValue(model.haPriority() == null ? "unprotected" : model.haPriority());
        diskKind.setValue(model.disk().kind());
        diskSize.setValue(model.disk().sizeMiB());
    }

    private void store() {
        model.setName(name.getValue());
        model.setType(type.getValue());
        model.setWorkload(workload.getValue());
        model.setVcpus(vcpus.getValue());
        model.setMemory(memory.getValue());
        model.placement().setAutomatic(host.getValue() == AUTOMATIC);
        if (host.getValue() != AUTOMATIC) {
            model.setHostId(host.getValue() == null ? null : host.getValue().id());
        }
        model.placement().setAntiAffinityGroup(antiAffinity.getValue());
        model.setStart(start.getValue());
        model.setHaPriority(ha.getValue() == null || ha.getValue().equals("unprotected") || model.fromTemplate() ? null : ha.getValue());
        model.setQosPolicy(qos.getValue());
        model.disk().setKind(diskKind.getValue());
        model.disk().setRepositoryId(diskRepository.getValue() == null ? null : diskRepository.getValue().id());
        model.disk().setSizeMiB(diskSize.getValue());
        model.disk().setImageId(diskImage.getValue() == null ? null : diskImage.getValue().id());
        model.setTemplate(template.getValue()); // last: a newly chosen template pre-fills the fields stored above
    }

    /** The disk step offers what the chosen host reaches, and the fields of the kind chosen. */
    private void showDiskFields() {
        NewVmDisk.Kind kind = diskKind.getValue() == null ? NewVmDisk.Kind.NONE : diskKind.getValue();
        diskRepository.setVisible(kind == NewVmDisk.Kind.BLANK);
        diskSize.setVisible(kind == NewVmDisk.Kind.BLANK);
        diskImage.setVisible(kind == NewVmDisk.Kind.EXISTING);
    }

    private void show() {
        Step step = model.step();
        if (step != Step.TEMPLATE) {
            load(); // the template chosen may have pre-filled the later steps
        }
        boolean copy = model.fromTemplate();
        type.setReadOnly(copy);
        workload.setReadOnly(copy);
        nicsPanel.setVisible(!copy);
        copiedNics.setVisible(copy);
        ha.setVisible(!copy); // a copy of a template is protected afterwards, on its HA tab
        copiedNics.setText(copy ? "NICs, as the template's (with new MACs): "
                + (model.template().nics().isEmpty() ? "none" : String.join(", ", model.template().nics())) : "");
        copiedDisks.setVisible(copy);
        copiedDisks.setText(copy ? "Disks, cloned from the template: "
                + (model.template().disks().isEmpty() ? "none" : String.join(", ", model.template().disks())) : "");
        pages.forEach((s, page) -> page.setVisible(s == step));
        if (step == Step.PLACEMENT) {
            showPlacement();
        }
        if (step == Step.DISK && !copy) {
            diskRepository.setItems(model.disk().repositoriesFor(model.hostId()));
            diskRepository.getListDataView().getItems().filter(r -> r.id().equals(model.disk().repositoryId())).findFirst()
                    .or(() -> model.disk().repositoriesFor(model.hostId()).stream().findFirst()).ifPresent(diskRepository::setValue);
            diskImage.setItems(model.disk().imagesFor(model.hostId()));
            showDiskFields();
        }
        if (step == Step.DISK) {
            diskKind.setVisible(!copy);
            if (copy) {
                diskRepository.setVisible(false);
                diskSize.setVisible(false);
                diskImage.setVisible(false);
            }
        }
        stepBar.show(step);
        if (step == Step.SUMMARY) {
            summary.removeAll();
            Div list = new Div();
            list.addClassName("xensv-props");
            for (String[] line : model.summary()) {
                list.add(new Span(line[0]), new Span(line[1]));
            }
            summary.add(list);
        }
        back.setEnabled(!model.isFirst());
        next.setVisible(!model.isLast());
        create.setVisible(model.isLast());
    }

    /** The suggested host and why, under the host list, while placement is automatic. */
    private void showPlacement() {
        boolean automatic = model.placement().automatic();
        placementReason.setVisible(automatic);
        placementReason.setText(!automatic ? "" : model.suggestion()
                .map(s -> s.found() ? "Suggested: " + s.reason() : s.reason()).orElse(""));
    }

    private static VerticalLayout page(com.vaadin.flow.component.Component... components) {
        VerticalLayout page = new VerticalLayout(components);
        page.setPadding(false);
        return page;
    }
}
