package org.xensv.webui.qos;

import java.util.List;
import java.util.UUID;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import org.springframework.stereotype.Component;
import org.xensv.toolstack.qos.QosPolicies;
import org.xensv.toolstack.qos.QosPolicyForm;
import org.xensv.toolstack.qos.QosPolicyService;
import org.xensv.toolstack.qos.QosPolicyView;
import org.xensv.toolstack.qos.QosSettings;
import org.xensv.toolstack.vm.VmQosForm;
import org.xensv.toolstack.vm.VmQosService;
import org.xensv.toolstack.vm.VmQosView;
import org.xensv.webui.details.DetailTab;

/**
 * The console's QoS: the policy editor (opened from the toolbar) and a VM's QoS tab. The only class
 * of this package that calls the toolstack; the editor and the tab get these methods.
 */
@Component
public class QosConsole {

    private final QosPolicyService policies;
    private final QosPolicies lookup;
    private final VmQosService vms;

    QosConsole(QosPolicyService policies, QosPolicies lookup, VmQosService vms) {
        this.policies = policies;
        this.lookup = lookup;
        this.vms = vms;
    }

    /** The toolbar button (disabled, saying why, for a role that may not use it) that opens the QoS policy editor. */
    public Button editorButton() {
        Button button = new Button("QoS policies", VaadinIcon.DASHBOARD.create(), e -> {
            if (org.xensv.webui.security.Guard.check(org.xensv.toolstack.security.Action.QOS_POLICY_MANAGE)) {
                new QosEditor(this).open();
            }
        });
        button.setId("open-qos");
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        button.setTooltipText("Create, edit and delete named QoS policies (NIC rate, CPU weight and cap, disk limits)");
        org.xensv.webui.security.Guard.apply(button, org.xensv.toolstack.security.Action.QOS_POLICY_MANAGE);
        return button;
    }

    /** A VM's QoS tab: its policy, its own CPU weight and cap, and what applies. */
    public DetailTab tab() {
        return new QosTab(this);
    }

    /** Puts a new VM under a policy (the New VM wizard): its CPU weight and cap come from it. */
    public void applyToVm(UUID vmId, UUID policyId) {
        vms.set(vmId, new VmQosForm(policyId, null, null));
    }

    /** The policies a picker offers, by name. */
    public List<QosSettings> choices() {
        return lookup.list();
    }

    List<QosPolicyView> policies() {
        return policies.list();
    }

    QosPolicyView create(QosPolicyForm form) {
        return policies.create(form);
    }

    QosPolicyService.Updated update(UUID id, QosPolicyForm form) {
        return policies.update(id, form);
    }

    void delete(UUID id) {
        policies.delete(id);
    }

    VmQosView vmQos(UUID vmId) {
        return vms.get(vmId);
    }

    VmQosView setVmQos(UUID vmId, VmQosForm form) {
        return vms.set(vmId, form);
    }
}
