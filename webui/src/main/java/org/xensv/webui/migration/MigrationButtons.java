package org.xensv.webui.migration;

import java.util.Optional;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import org.xensv.hypervisor.api.Operation;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.vm.VmView;
import org.xensv.webui.inventory.InventoryNode;

/**
 * The toolbar's migration actions: Migrate (enabled from the VM's allowedOperations), Migrate VMs
 * (bulk), and Enter / Exit maintenance mode for a selected host.
 */
public final class MigrationButtons extends Div {

    private final Button migrate;
    private final Button bulk;
    private final Button enter;
    private final Button exit;
    private Optional<InventoryNode> selection = Optional.empty();

    MigrationButtons(MigrationConsole console) {
        addClassName("mig-toolbar");
        Div separator = new Div();
        separator.addClassName("separator");
        migrate = button("Migrate…", VaadinIcon.EXCHANGE, "vm-migrate", () -> vm().ifPresent(v -> console.openMigrate(v.id())));
        bulk = button("Bulk migrate…", VaadinIcon.RANDOM, "bulk-migrate", () -> console.openBulk(selection));
        enter = button("Maintenance…", VaadinIcon.TOOLS, "host-maintenance-enter",
                () -> host().ifPresent(h -> console.openEnterMaintenance(h.id())));
        exit = button("Exit maintenance", VaadinIcon.CHECK, "host-maintenance-exit",
                () -> host().ifPresent(h -> console.exitMaintenance(h.id())));
        add(separator, migrate, bulk, enter, exit);
        show(Optional.empty());
    }

    /** Follows the inventory's selection (the freshest view of it). */
    public void show(Optional<InventoryNode> selected) {
        this.selection = selected;
        Optional<VmView> vm = vm();
        Optional<HostView> host = host();
        boolean canMigrate = vm.map(v -> v.allows(Operation.MIGRATE)).orElse(false);
        migrate.setEnabled(canMigrate);
        migrate.setTooltipText(vm.isEmpty() ? "Migrate: select a running VM"
                : canMigrate ? "Move " + vm.get().name() + " to another host while it runs"
                : "Migrate is not available while " + vm.get().name() + " is " + vm.get().powerState().label());
        bulk.setEnabled(selected.isPresent());
        bulk.setTooltipText("Migrate several VMs at once");
        enter.setVisible(host.isEmpty() || !host.get().maintenance());
        enter.setEnabled(host.map(h -> h.connected() && !h.maintenance()).orElse(false));
        enter.setTooltipText(host.isEmpty() ? "Maintenance mode: select a host"
                : "Enter maintenance mode: evacuate " + host.get().name());
        exit.setTooltipText("Exit maintenance mode: the host takes VMs again");
        exit.setVisible(host.map(HostView::maintenance).orElse(false));
        org.xensv.webui.security.Guard.apply(migrate, org.xensv.toolstack.security.Action.VM_MIGRATE);
        org.xensv.webui.security.Guard.apply(bulk, org.xensv.toolstack.security.Action.VM_MIGRATE);
        org.xensv.webui.security.Guard.apply(enter, org.xensv.toolstack.security.Action.HOST_MAINTENANCE);
        org.xensv.webui.security.Guard.apply(exit, org.xensv.toolstack.security.Action.HOST_MAINTENANCE);
    }

    private Optional<VmView> vm() {
        return selection.filter(InventoryNode.VmNode.class::isInstance).map(n -> ((InventoryNode.VmNode) n).vm());
    }

    private Optional<HostView> host() {
        return selection.filter(InventoryNode.HostNode.class::isInstance).map(n -> ((InventoryNode.HostNode) n).host());
    }

    private static Button button(String label, VaadinIcon icon, String id, Runnable action) {
        Button b = new Button(label, icon.create(), e -> action.run());
        b.setId(id);
        b.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        return b;
    }
}
