package org.xensv.webui.ha;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import org.xensv.toolstack.error.Errors;
import org.xensv.toolstack.error.StaleObjectException;
import org.xensv.toolstack.security.Action;
import org.xensv.toolstack.vm.HaPriority;
import org.xensv.toolstack.vm.PoolHaView;
import org.xensv.toolstack.vm.VmHaForm;
import org.xensv.toolstack.vm.VmHaView;
import org.xensv.toolstack.vm.VmView;
import org.xensv.webui.Notifications;
import org.xensv.webui.details.DetailTab;
import org.xensv.webui.inventory.Inventory;
import org.xensv.webui.inventory.InventoryNode;
import org.xensv.webui.inventory.InventoryNode.PoolNode;
import org.xensv.webui.inventory.InventoryNode.VmNode;
import org.xensv.webui.network.FieldErrors;
import org.xensv.webui.security.Guard;

/**
 * The HA tab (see docs/ha.md): a VM's restart priority (unprotected, restart, best effort) and
 * order; a pool's host-lost timeout. Each saves on Apply, refused naming the field on bad input,
 * and a save opened on an older VM is refused as stale and the form reloaded.
 */
final class HaTab implements DetailTab {

    static final String UNPROTECTED = "Unprotected";
    static final String RESTART = "Restart";
    static final String BEST_EFFORT = "Best effort";

    private final HaConsole console;

    HaTab(HaConsole console) {
        this.console = console;
    }

    @Override
    public String title() {
        return "HA";
    }

    @Override
    public String key() {
        return "ha";
    }

    @Override
    public boolean appliesTo(InventoryNode node) {
        return node instanceof VmNode v && !v.vm().template() || node instanceof PoolNode;
    }

    @Override
    public Component render(InventoryNode node, Inventory inventory) {
        return node instanceof VmNode v ? vm(v.vm()) : pool(((PoolNode) node).pool().id());
    }

    private Component vm(VmView vm) {
        VerticalLayout tab = new VerticalLayout();
        tab.setPadding(false);
        tab.setId("ha-tab");
        ComboBox<String> priority = new ComboBox<>("Restart priority", List.of(UNPROTECTED, RESTART, BEST_EFFORT));
        priority.setId("ha-vm-priority");
        priority.setHelperText("Restart: restarted on another host of the pool when its host is lost; best effort: after those, if memory is left");
        IntegerField order = new IntegerField("Restart order");
        order.setId("ha-vm-order");
        order.setMin(0);
        order.setMax(HaPriority.MAX_ORDER);
        order.setHelperText("0 to " + HaPriority.MAX_ORDER + "; lowest restarted first");
        VmHaView[] opened = {console.vm(vm.id())};
        Runnable load = () -> {
            priority.setValue(label(opened[0].restartPriority()));
            order.setValue(opened[0].restartOrder());
        };
        load.run();
        Map<String, HasValidation> fields = new LinkedHashMap<>();
        fields.put("restartPriority", priority);
        fields.put("restartOrder", order);
        Button save = new Button("Apply", e -> {
            FieldErrors.clear(fields);
            if (!Guard.check(Action.VM_HA)) {
                return;
            }
            try {
                opened[0] = console.setVm(vm.id(), new VmHaForm(wire(priority.getValue()), order.getValue(), opened[0].version()));
                load.run();
                Notifications.info("High availability of " + vm.name() + ": " + priority.getValue().toLowerCase());
            } catch (RuntimeException ex) {
                FieldErrors.show(ex, fields);
                if (Errors.known(ex) instanceof StaleObjectException) {
                    opened[0] = console.vm(vm.id()); // the form shows what the other admin saved
                    load.run();
                }
            }
        });
        save.setId("ha-vm-save");
        Guard.apply(save, Action.VM_HA);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
        HorizontalLayout form = new HorizontalLayout(priority, order, save);
        form.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        form.setWrap(true);
        tab.add(form, new Div("When this VM's host stays unreachable past its pool's host-lost timeout, a protected VM is"
                + " restarted on another host of the pool; its old copy is destroyed when the host returns."));
        return tab;
    }

    private Component pool(java.util.UUID poolId) {
        VerticalLayout tab = new VerticalLayout();
        tab.setPadding(false);
        tab.setId("ha-pool-tab");
        IntegerField timeout = new IntegerField("Host-lost timeout (s)");
        timeout.setId("ha-pool-timeout");
        PoolHaView current = console.pool(poolId);
        timeout.setValue(current.defaultTimeout() ? null : (int) current.hostLostTimeoutSeconds());
        timeout.setHelperText("1 to 86400; empty = the console's default (" + (current.defaultTimeout()
                ? current.hostLostTimeoutSeconds() + " s" : "xensv.ha.host-lost-timeout") + ")");
        Map<String, HasValidation> fields = Map.of("hostLostTimeoutSeconds", timeout);
        Button save = new Button("Apply", e -> {
            FieldErrors.clear(fields);
            if (!Guard.check(Action.POOL_MANAGE)) {
                return;
            }
            try {
                PoolHaView saved = console.setPool(poolId, timeout.getValue());
                Notifications.info("Host-lost timeout: " + saved.hostLostTimeoutSeconds() + " s");
            } catch (RuntimeException ex) {
                FieldErrors.show(ex, fields);
            }
        });
        save.setId("ha-pool-save");
        Guard.apply(save, Action.POOL_MANAGE);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
        HorizontalLayout form = new HorizontalLayout(timeout, save);
        form.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        tab.add(form, new Div("How long a host of this pool must stay unreachable before high availability restarts its"
                + " protected VMs on the pool's other hosts."));
        return tab;
    }

    static String label(HaPriority priority) {
        return priority == null ? UNPROTECTED : priority == HaPriority.RESTART ? RESTART : BEST_EFFORT;
    }

    static String wire(String label) {
        return label == null || label.equals(UNPROTECTED) ? null : label.equals(RESTART) ? "restart" : "best-effort";
    }

    /** Kept while the same object stays selected: a refresh must not wipe what the admin is typing. */
    @Override
    public boolean keepsContent() {
        return true;
    }
}
