package org.xensv.webui.qos;

import java.util.LinkedHashMap;
import java.util.Map;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import org.xensv.toolstack.qos.QosSettings;
import org.xensv.toolstack.qos.QosValue;
import org.xensv.toolstack.vm.VmQosForm;
import org.xensv.toolstack.vm.VmQosView;
import org.xensv.toolstack.vm.VmView;
import org.xensv.webui.Notifications;
import org.xensv.webui.details.DetailTab;
import org.xensv.webui.inventory.Inventory;
import org.xensv.webui.inventory.InventoryNode;
import org.xensv.webui.inventory.InventoryNode.VmNode;

/**
 * A VM's QoS tab: its QoS policy and CPU weight and cap of its own, and the values that apply, each
 * saying where it comes from (the VM, its policy, or the default). The rates of its VIFs and the
 * limits of its disks are on the Network and Storage tabs, with where they come from.
 */
final class QosTab implements DetailTab {

    private final QosConsole console;

    QosTab(QosConsole console) {
        this.console = console;
    }

    @Override
    public String title() {
        return "QoS";
    }

    @Override
    public String key() {
        return "qos";
    }

    @Override
    public boolean appliesTo(InventoryNode node) {
        return node instanceof VmNode;
    }

    @Override
    public Component render(InventoryNode node, Inventory inventory) {
        VmView vm = ((VmNode) node).vm();
        VerticalLayout tab = new VerticalLayout();
        tab.setPadding(false);
        tab.setId("qos-tab");
        Div applies = new Div();
        applies.setId("qos-vm-effective");
        ComboBox<QosSettings> policy = QosPicker.of(console.choices());
        policy.setId("qos-vm-policy");
        IntegerField weight = new IntegerField("CPU weight of its own");
        weight.setId("qos-vm-weight");
        weight.setHelperText("1 to 65535; empty = the policy's, else 256");
        IntegerField cap = new IntegerField("CPU cap of its own (%)");
        cap.setId("qos-vm-cap");
        cap.setHelperText("0 to " + 100 * vm.vcpus() + "; empty = the policy's, else none");
        VmQosView[] opened = {console.vmQos(vm.id())};
        Runnable load = () -> {
            QosPicker.select(policy, opened[0].qosPolicyId());
            weight.setValue(opened[0].cpuWeight());
            cap.setValue(opened[0].cpuCap());
            show(applies, opened[0]);
        };
        load.run();
        Map<String, HasValidation> fields = new LinkedHashMap<>();
        fields.put("qosPolicyId", policy);
        fields.put("cpuWeight", weight);
        fields.put("cpuCap", cap);
        Button save = new Button("Apply", e -> {
            org.xensv.webui.network.FieldErrors.clear(fields);
            try {
                VmQosView saved = console.setVmQos(vm.id(), new VmQosForm(policy.getValue() == null ? null : policy.getValue().id(),
                        weight.getValue(), cap.getValue(), opened[0].version()));
                opened[0] = saved;
                show(applies, saved);
                Notifications.info("QoS of " + vm.name() + " applied");
            } catch (RuntimeException ex) {
                org.xensv.webui.network.FieldErrors.show(ex, fields);
                if (org.xensv.toolstack.error.Errors.known(ex) instanceof org.xensv.toolstack.error.StaleObjectException) {
                    opened[0] = console.vmQos(vm.id()); // the form shows what the other admin saved
                    load.run();
                }
            }
        });
        save.setId("qos-vm-save");
        org.xensv.webui.security.Guard.apply(save, org.xensv.toolstack.security.Action.VM_QOS);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
        HorizontalLayout form = new HorizontalLayout(policy, weight, cap, save);
        form.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        form.setWrap(true);
        tab.add(form, applies);
        return tab;
    }

    private static void show(Div applies, VmQosView qos) {
        applies.removeAll();
        applies.add(line("CPU weight", qos.effectiveCpuWeight(), String.valueOf(qos.effectiveCpuWeight().value())),
                line("CPU cap", qos.effectiveCpuCap(), qos.effectiveCpuCap().value() == 0 ? "none" : qos.effectiveCpuCap().value() + "%"));
    }

    private static Div line(String label, QosValue<?> value, String text) {
        Span source = new Span(" (" + value.sourceLabel() + ")");
        source.addClassName("xensv-hint");
        Div line = new Div(new Span(label + ": " + text), source);
        line.setId("qos-applies-" + label.toLowerCase().replace(' ', '-'));
        return line;
    }

    /** Kept while the same VM stays selected: a refresh must not wipe what the admin is typing. */
    @Override
    public boolean keepsContent() {
        return true;
    }
}
