package org.xensv.webui.network;

import org.xensv.toolstack.error.Errors;
import org.xensv.toolstack.error.StaleObjectException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import org.xensv.toolstack.network.NetworkView;
import org.xensv.toolstack.network.VifForm;
import org.xensv.toolstack.network.VifView;
import org.xensv.toolstack.qos.QosSettings;
import org.xensv.toolstack.vm.VmView;
import org.xensv.webui.Notifications;
import org.xensv.webui.details.DetailTab;
import org.xensv.webui.inventory.Inventory;
import org.xensv.webui.inventory.InventoryNode;
import org.xensv.webui.inventory.InventoryNode.VmNode;
import org.xensv.webui.qos.QosPicker;

/**
 * A VM's Network tab: its VIFs (device, network, VLAN, MAC, the rate limit that applies and where it
 * comes from, QoS policy, whether plugged now) with
 * Add, Edit and Remove. On a running or paused VM a change is hot-plugged and the tab says so; on a
 * halted one it is used at the next start.
 */
final class NetworkTab implements DetailTab {

    private final NetworkConsole console;

    NetworkTab(NetworkConsole console) {
        this.console = console;
    }

    @Override
    public String title() {
        return "Network";
    }

    @Override
    public String key() {
        return "network";
    }

    @Override
    public boolean appliesTo(InventoryNode node) {
        return node instanceof VmNode;
    }

    @Override
    public Component render(InventoryNode node, Inventory inventory) {
        VmView vm = ((VmNode) node).vm();
        Div tab = new Div();
        tab.setId("network-tab");
        Grid<VifView> grid = new Grid<>();
        grid.setId("vif-grid");
        grid.addColumn(VifView::device).setHeader("Device").setAutoWidth(true);
        grid.addColumn(VifView::networkName).setHeader("Network").setFlexGrow(2);
        grid.addColumn(v -> v.vlan() == null ? "untagged" : "VLAN " + v.vlan()).setHeader("VLAN");
        grid.addColumn(VifView::mac).setHeader("MAC").setFlexGrow(2);
        grid.addColumn(v -> QosPicker.describe(v.effectiveRate(), "unlimited")).setHeader("Rate limit (from)").setFlexGrow(2);
        grid.addColumn(v -> v.qosPolicyName() == null ? "—" : v.qosPolicyName()).setHeader("QoS policy");
        grid.addColumn(v -> v.plugged() ? "plugged" : "at next start").setHeader("State");
        grid.addComponentColumn(v -> actions(vm, v, grid)).setAutoWidth(true);
        grid.setAllRowsVisible(true);
        Button add = new Button("Add VIF", VaadinIcon.PLUS.create(), e -> edit(vm, null, grid));
        add.setId("add-vif");
        org.xensv.webui.security.Guard.apply(add, org.xensv.toolstack.security.Action.VM_DEVICES);
        add.addThemeVariants(ButtonVariant.LUMO_SMALL);
        Div note = new Div(vm.powerState().name().equals("RUNNING") || vm.powerState().name().equals("PAUSED")
                ? "Changes are hot-plugged into the running VM."
                : "The VM is " + vm.powerState().label() + ": its NICs are plugged in when it starts.");
        note.addClassName("xensv-empty");
        note.setId("vif-note");
        tab.add(add, grid, note);
        reload(vm, grid);
        return tab;
    }

    private void reload(VmView vm, Grid<VifView> grid) {
        try {
            grid.setItems(console.vifs(vm.id()));
        } catch (RuntimeException e) {
            Notifications.error(e);
        }
    }

    private Div actions(VmView vm, VifView vif, Grid<VifView> grid) {
        Button edit = new Button(VaadinIcon.EDIT.create(), e -> edit(vm, vif, grid));
        edit.setId("edit-vif-" + vif.device());
        org.xensv.webui.security.Guard.apply(edit, org.xensv.toolstack.security.Action.VM_DEVICES);
        edit.setTooltipText("Edit VIF " + vif.device());
        edit.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        Button remove = new Button(VaadinIcon.TRASH.create(), e -> {
            try {
                console.removeVif(vm.id(), vif.id());
                Notifications.info("VIF " + vif.device() + " removed" + (vif.plugged() ? " (unplugged live)" : ""));
            } catch (RuntimeException ex) {
                Notifications.error(ex);
            }
            reload(vm, grid);
        });
        remove.setId("remove-vif-" + vif.device());
        org.xensv.webui.security.Guard.apply(remove, org.xensv.toolstack.security.Action.VM_DEVICES);
        remove.setTooltipText("Remove VIF " + vif.device());
        remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        return new Div(edit, remove);
    }

    /** The add (vif null) or edit form; errors are shown on the field they name. */
    private void edit(VmView vm, VifView vif, Grid<VifView> grid) {
        Dialog form = new Dialog();
        form.setId("vif-form");
        form.setHeaderTitle(vif == null ? "Add VIF to " + vm.name() : "Edit VIF " + vif.device() + " of " + vm.name());
        ComboBox<NetworkView> network = new ComboBox<>("Network");
        network.setId("vif-network");
        network.setItemLabelGenerator(n -> n.name() + " (" + n.vlanLabel() + ")");
        var choices = console.networksFor(vm.hostId());
        network.setItems(choices);
        TextField mac = new TextField("MAC");
        mac.setId("vif-mac");
        mac.setHelperText("Empty: generated in Xen's 00:16:3e range");
        TextField rate = new TextField("Rate limit");
        rate.setId("vif-rate");
        rate.setHelperText("xl syntax, e.g. 10Mb/s@50ms; empty: the QoS policy's, else unlimited");
        ComboBox<QosSettings> policy = QosPicker.of(console.qosPolicies());
        policy.setId("vif-qos-policy");
        IntegerField device = new IntegerField("Device");
        device.setId("vif-device");
        device.setHelperText("0 to 63; empty: the lowest free");
        if (vif != null) {
            choices.stream().filter(n -> n.id().equals(vif.networkId())).findFirst().ifPresent(network::setValue);
            mac.setValue(vif.mac());
            rate.setValue(vif.rate() == null ? "" : vif.rate());
            device.setValue(vif.device());
            QosPicker.select(policy, vif.qosPolicyId());
        } else if (!choices.isEmpty()) {
            network.setValue(choices.get(0));
        }
        Map<String, HasValidation> fields = new LinkedHashMap<>();
        fields.put("networkId", network);
        fields.put("mac", mac);
        fields.put("rate", rate);
        fields.put("device", device);
        fields.put("qosPolicyId", policy);
        Button save = new Button("Save", e -> {
            FieldErrors.clear(fields);
            VifForm values = new VifForm(network.getValue() == null ? null : network.getValue().id(), mac.getValue(),
                    rate.getValue(), device.getValue(), QosPicker.idOf(policy), vif == null ? null : vif.version());
            try {
                VifView saved = vif == null ? console.addVif(vm.id(), values) : console.updateVif(vm.id(), vif.id(), values);
                Notifications.info("VIF " + saved.device() + " (" + saved.mac() + ") on " + saved.networkName()
                        + (saved.plugged() ? ": hot-plugged" : ": plugged in at next start"));
                form.close();
                reload(vm, grid);
            } catch (RuntimeException ex) {
                FieldErrors.show(ex, fields);
                if (Errors.known(ex) instanceof StaleObjectException) {
                    reload(vm, grid); // reopening the VIF edits the current version
                }
            }
        });
        save.setId("save-vif");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        form.add(new FormLayout(network, mac, rate, device, policy));
        form.getFooter().add(new Button("Cancel", e -> form.close()), save);
        form.open();
    }
}
