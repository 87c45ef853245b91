package org.xensv.webui.storage;

import org.xensv.toolstack.error.Errors;
import org.xensv.toolstack.error.StaleObjectException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.toolstack.qos.QosPolicies;
import org.xensv.toolstack.qos.QosSettings;
import org.xensv.toolstack.storage.ImageView;
import org.xensv.toolstack.storage.VbdQosForm;
import org.xensv.toolstack.storage.StorageService;
import org.xensv.toolstack.storage.VbdService;
import org.xensv.toolstack.storage.VbdSpec;
import org.xensv.toolstack.storage.VbdView;
import org.xensv.toolstack.vm.VmView;
import org.xensv.webui.Notifications;
import org.xensv.webui.details.DetailTab;
import org.xensv.webui.inventory.Inventory;
import org.xensv.webui.inventory.InventoryNode;
import org.xensv.webui.inventory.InventoryNode.VmNode;
import org.xensv.webui.network.FieldErrors;
import org.xensv.webui.qos.QosPicker;

/**
 * A VM's Storage tab: its disks (device, image, mode, boot, CD, the limits that apply and where they
 * come from), attach and detach (VM halted), and each disk's QoS (at any time, live while it runs).
 */
class StorageTab implements DetailTab {

    private final StorageService storage;
    private final VbdService vbds;
    /** The tab as last drawn, kept while the same VM stays selected so a half-typed form survives live updates. */
    private UUID shownVm;
    private Component shown;
    private Grid<VbdView> shownGrid;
    private ComboBox<ImageView> shownImages;

    private final QosPolicies qosPolicies;

    StorageTab(StorageService storage, VbdService vbds, QosPolicies qosPolicies) {
        this.qosPolicies = qosPolicies;
        this.storage = storage;
        this.vbds = vbds;
    }

    @Override
    public String title() {
        return "Storage";
    }

    @Override
    public String key() {
        return "storage";
    }

    @Override
    public boolean appliesTo(InventoryNode node) {
        return node instanceof VmNode;
    }

    @Override
    public Component render(InventoryNode node, Inventory inventory) {
        VmView vm = ((VmNode) node).vm();
        if (vm.id().equals(shownVm)) {
            shownGrid.setItems(vbds.list(vm.id()));
            ImageView chosen = shownImages.getValue();
            List<ImageView> all = storage.listImages(null);
            shownImages.setItems(all);
            if (chosen != null) {
                all.stream().filter(i -> i.id().equals(chosen.id())).findFirst().ifPresent(shownImages::setValue);
            }
            return shown;
        }
        VerticalLayout content = new VerticalLayout();
        content.setPadding(false);
        content.setId("storage-tab");
        Grid<VbdView> grid = new Grid<>(VbdView.class, false);
        grid.setId("vbd-grid");
        grid.addColumn(VbdView::device).setHeader("Device").setAutoWidth(true);
        grid.addColumn(VbdView::imageName).setHeader("Image").setAutoWidth(true);
        grid.addColumn(v -> Sizes.of(v.sizeBytes())).setHeader("Size").setAutoWidth(true);
        grid.addColumn(v -> v.mode().equals("RO") ? "read-only" : "read-write").setHeader("Mode").setAutoWidth(true);
        grid.addColumn(v -> (v.bootable() ? "boot " : "") + (v.cdrom() ? "CD" : "disk")).setHeader("Kind").setAutoWidth(true);
        grid.addColumn(v -> QosPicker.describe(v.effectiveIops(), "unlimited")).setHeader("IOPS (from)").setAutoWidth(true);
        grid.addColumn(v -> QosPicker.describe(v.effectiveMBps(), "unlimited")).setHeader("MB/s (from)").setAutoWidth(true);
        grid.addColumn(v -> v.qosPolicyName() == null ? "—" : v.qosPolicyName()).setHeader("QoS policy").setAutoWidth(true);
        grid.addComponentColumn(v -> {
            Button qos = new Button("QoS", e -> editQos(vm.id(), v, grid));
            qos.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            qos.setId("vbd-qos-" + v.device());
        org.xensv.webui.security.Guard.apply(qos, org.xensv.toolstack.security.Action.VM_QOS);
            Button detach = new Button("Detach", e -> act(() -> vbds.detach(vm.id(), v.id()), grid, vm.id()));
            detach.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            detach.setId("detach-" + v.device());
        org.xensv.webui.security.Guard.apply(detach, org.xensv.toolstack.security.Action.VM_DEVICES);
            return new Div(qos, detach);
        }).setHeader("");
        grid.setAllRowsVisible(true);
        grid.setItems(vbds.list(vm.id()));
        content.add(grid);

        ComboBox<ImageView> image = new ComboBox<>("Image");
        image.setId("vbd-image");
        image.setItems(storage.listImages(null));
        image.setItemLabelGenerator(i -> i.name() + " (" + i.srName() + ", " + Sizes.of(i.sizeBytes()) + ")");
        image.setWidth("22em");
        TextField device = new TextField("Device");
        device.setId("vbd-device");
        device.setPlaceholder("next free");
        device.setWidth("7em");
        Select<String> mode = new Select<>();
        mode.setLabel("Mode");
        mode.setId("vbd-mode");
        mode.setItems("auto", "RW", "RO");
        mode.setValue("auto");
        Checkbox bootable = new Checkbox("Bootable");
        bootable.setId("vbd-bootable");
        Checkbox cd = new Checkbox("CD");
        cd.setId("vbd-cd");
        IntegerField iops = new IntegerField("IOPS limit");
        iops.setId("vbd-iops");
        iops.setWidth("8em");
        IntegerField mbps = new IntegerField("MB/s limit");
        mbps.setId("vbd-mbps");
        mbps.setWidth("8em");
        Button attach = new Button("Attach", e -> act(() -> vbds.attach(vm.id(), new VbdSpec(
                image.getValue() == null ? null : image.getValue().id(), device.getValue(),
                mode.getValue().equals("auto") ? null : mode.getValue(), bootable.getValue(), cd.getValue() ? Boolean.TRUE : null,
                iops.getValue() == null ? null : iops.getValue().longValue(), mbps.getValue() == null ? null : mbps.getValue().longValue())),
                grid, vm.id()));
        attach.setId("vbd-attach");
        org.xensv.webui.security.Guard.apply(attach, org.xensv.toolstack.security.Action.VM_DEVICES);
        attach.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
        HorizontalLayout form = new HorizontalLayout(image, device, mode, bootable, cd, iops, mbps, attach);
        form.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        form.setWrap(true);
        Div hint = new Div("Disks are attached and detached while the VM is halted. Limits: 0 or empty = unlimited.");
        hint.addClassName("xensv-hint");
        content.add(form, hint);
        shownVm = vm.id();
        shown = content;
        shownGrid = grid;
        shownImages = image;
        return content;
    }

    /** A disk's QoS: its policy and limits of its own, applied live while the VM runs; errors on the field they name. */
    private void editQos(UUID vmId, VbdView vbd, Grid<VbdView> grid) {
        Dialog form = new Dialog();
        form.setId("vbd-qos-form");
        form.setHeaderTitle("QoS of disk " + vbd.device());
        ComboBox<QosSettings> policy = QosPicker.of(qosPolicies.list());
        policy.setId("vbd-qos-policy");
        QosPicker.select(policy, vbd.qosPolicyId());
        IntegerField iops = new IntegerField("IOPS limit of its own");
        iops.setId("vbd-qos-iops");
        iops.setHelperText("empty or 0: the policy's, else unlimited");
        iops.setValue(vbd.iopsLimit() == 0 ? null : (int) vbd.iopsLimit());
        IntegerField mbps = new IntegerField("MB/s limit of its own");
        mbps.setId("vbd-qos-mbps");
        mbps.setHelperText("empty or 0: the policy's, else unlimited");
        mbps.setValue(vbd.mbpsLimit() == 0 ? null : (int) vbd.mbpsLimit());
        Map<String, HasValidation> fields = new LinkedHashMap<>();
        fields.put("qosPolicyId", policy);
        fields.put("iopsLimit", iops);
        fields.put("mbpsLimit", mbps);
        Button save = new Button("Apply", e -> {
            FieldErrors.clear(fields);
            try {
                vbds.setQos(vmId, vbd.id(), new VbdQosForm(QosPicker.idOf(policy),
                        iops.getValue() == null ? null : iops.getValue().longValue(), mbps.getValue() == null ? null : mbps.getValue().longValue(),
                        vbd.version()));
                Notifications.info("QoS of disk " + vbd.device() + " applied");
                form.close();
                grid.setItems(vbds.list(vmId));
            } catch (RuntimeException ex) {
                FieldErrors.show(ex, fields);
                if (Errors.known(ex) instanceof StaleObjectException) {
                    grid.setItems(vbds.list(vmId)); // reopening the disk's QoS edits the current version
                }
            }
        });
        save.setId("vbd-qos-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        form.add(new FormLayout(policy, iops, mbps));
        form.getFooter().add(new Button("Cancel", e -> form.close()), save);
        form.open();
    }

    private void act(Runnable action, Grid<VbdView> grid, UUID vmId) {
        try {
            action.run();
        } catch (HypervisorException e) {
            Notifications.error(e);
        }
        grid.setItems(vbds.list(vmId));
    }

}
