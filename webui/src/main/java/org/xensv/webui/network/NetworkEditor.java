package org.xensv.webui.network;

import org.xensv.toolstack.error.Errors;
import org.xensv.toolstack.error.StaleObjectException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import org.xensv.toolstack.network.NetworkForm;
import org.xensv.toolstack.network.NetworkView;
import org.xensv.webui.Notifications;

/**
 * The network editor: the pool's networks (name, VLAN or untagged, MTU, the VMs using each), with
 * New, Edit and Delete. A refused delete shows its reason (the VMs that use the network).
 */
final class NetworkEditor extends Dialog {

    private final NetworkConsole console;
    private final Grid<NetworkView> grid = new Grid<>();
    private java.util.Map<java.util.UUID, java.util.List<String>> tags = java.util.Map.of();

    NetworkEditor(NetworkConsole console) {
        this.console = console;
        setHeaderTitle("Networks");
        setId("network-editor");
        setWidth("760px");
        grid.setId("network-grid");
        grid.addColumn(NetworkView::name).setHeader("Name").setFlexGrow(2);
        grid.addColumn(NetworkView::vlanLabel).setHeader("VLAN");
        grid.addColumn(NetworkView::mtu).setHeader("MTU");
        grid.addColumn(n -> n.usedBy().isEmpty() ? "—" : String.join(", ", n.usedBy())).setHeader("Used by").setFlexGrow(2);
        grid.addColumn(n -> org.xensv.webui.tag.TagConsole.text(tags.get(n.id()))).setHeader("Tags").setFlexGrow(1);
        grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true);
        grid.setAllRowsVisible(true);
        Button create = new Button("New network", VaadinIcon.PLUS.create(), e -> edit(null));
        create.setId("new-network");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button close = new Button("Close", e -> close());
        add(grid);
        getFooter().add(create, close);
        reload();
    }

    private Div actions(NetworkView network) {
        Button edit = new Button(VaadinIcon.EDIT.create(), e -> edit(network));
        edit.setId("edit-network-" + network.name());
        edit.setTooltipText("Edit " + network.name());
        edit.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        Button delete = new Button(VaadinIcon.TRASH.create(), e -> delete(network));
        delete.setId("delete-network-" + network.name());
        delete.setTooltipText("Delete " + network.name());
        delete.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        return new Div(edit, console.tags().button(org.xensv.toolstack.tag.TaggedKind.NETWORK, network.id(), network.name(),
                this::reload), delete);
    }

    private void reload() {
        tags = console.tags().tagsOf(org.xensv.toolstack.tag.TaggedKind.NETWORK);
        grid.setItems(console.networks());
    }

    private void delete(NetworkView network) {
        try {
            console.deleteNetwork(network.id());
            Notifications.info("Network " + network.name() + " deleted");
        } catch (RuntimeException e) {
            Notifications.error(e);
        }
        reload();
    }

    /** The create (network null) or edit form; errors are shown on the field they name. */
    private void edit(NetworkView network) {
        Dialog form = new Dialog();
        form.setId("network-form");
        form.setHeaderTitle(network == null ? "New network" : "Edit " + network.name());
        TextField name = new TextField("Name");
        name.setId("network-name");
        TextField description = new TextField("Description");
        description.setId("network-description");
        IntegerField vlan = new IntegerField("VLAN tag");
        vlan.setId("network-vlan");
        vlan.setHelperText("1 to 4094; empty for untagged");
        IntegerField mtu = new IntegerField("MTU");
        mtu.setId("network-mtu");
        mtu.setHelperText("68 to 9000 bytes");
        mtu.setValue(NetworkForm.DEFAULT_MTU);
        if (network != null) {
            name.setValue(network.name());
            description.setValue(network.description());
            vlan.setValue(network.vlan());
            mtu.setValue(network.mtu());
        }
        Map<String, HasValidation> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("description", description);
        fields.put("vlan", vlan);
        fields.put("mtu", mtu);
        Button save = new Button("Save", e -> {
            FieldErrors.clear(fields);
            NetworkForm values = new NetworkForm(name.getValue(), description.getValue(), vlan.getValue(), mtu.getValue(), null,
                    network == null ? null : network.version());
            try {
                NetworkView saved = network == null ? console.createNetwork(values) : console.updateNetwork(network.id(), values);
                Notifications.info("Network " + saved.name() + " saved (" + saved.vlanLabel() + ")");
                form.close();
                reload();
            } catch (RuntimeException ex) {
                FieldErrors.show(ex, fields);
                if (Errors.known(ex) instanceof StaleObjectException) {
                    reload(); // the list shows the stored object: reopening it edits the current version
                }
            }
        });
        save.setId("save-network");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        form.add(new FormLayout(name, description, vlan, mtu));
        form.getFooter().add(new Button("Cancel", e -> form.close()), save);
        form.open();
    }
}
