package org.xensv.webui.qos;

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
import org.xensv.toolstack.qos.QosPolicyForm;
import org.xensv.toolstack.qos.QosPolicyService;
import org.xensv.toolstack.qos.QosPolicyView;
import org.xensv.webui.Notifications;
import org.xensv.webui.network.FieldErrors;

/**
 * The QoS policy editor: the policies (what each sets, what uses it), with New, Edit and Delete. An
 * edit reaches every running VM that uses the policy at once; a refused delete names the users.
 */
final class QosEditor extends Dialog {

    private final QosConsole console;
    private final Grid<QosPolicyView> grid = new Grid<>();

    QosEditor(QosConsole console) {
        this.console = console;
        setHeaderTitle("QoS policies");
        setId("qos-editor");
        setWidth("900px");
        grid.setId("qos-grid");
        grid.addColumn(QosPolicyView::name).setHeader("Name").setFlexGrow(1);
        grid.addColumn(QosPolicyView::summary).setHeader("Sets").setFlexGrow(3);
        grid.addColumn(p -> p.usedBy().isEmpty() ? "—" : String.join(", ", p.usedBy())).setHeader("Used by").setFlexGrow(2);
        grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true);
        grid.setAllRowsVisible(true);
        Button create = new Button("New policy", VaadinIcon.PLUS.create(), e -> edit(null));
        create.setId("new-qos");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button close = new Button("Close", e -> close());
        Div hint = new Div("Empty values are not set by the policy. A value set on a VM, VIF or disk itself overrides "
                + "its policy's; an edit applies live to every running VM that uses the policy.");
        hint.addClassName("xensv-hint");
        add(grid, hint);
        getFooter().add(create, close);
        reload();
    }

    private Div actions(QosPolicyView policy) {
        Button edit = new Button(VaadinIcon.EDIT.create(), e -> edit(policy));
        edit.setId("edit-qos-" + policy.name());
        edit.setTooltipText("Edit " + policy.name());
        edit.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        Button delete = new Button(VaadinIcon.TRASH.create(), e -> delete(policy));
        delete.setId("delete-qos-" + policy.name());
        delete.setTooltipText("Delete " + policy.name());
        delete.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        return new Div(edit, delete);
    }

    private void reload() {
        grid.setItems(console.policies());
    }

    private void delete(QosPolicyView policy) {
        try {
            console.delete(policy.id());
            Notifications.info("QoS policy " + policy.name() + " deleted");
        } catch (RuntimeException e) {
            Notifications.error(e);
        }
        reload();
    }

    /** The create (policy null) or edit form; errors are shown on the field they name. */
    private void edit(QosPolicyView policy) {
        Dialog form = new Dialog();
        form.setId("qos-form");
        form.setHeaderTitle(policy == null ? "New QoS policy" : "Edit " + policy.name());
        TextField name = text("Name", "qos-name", null);
        TextField description = text("Description", "qos-description", null);
        TextField nicRate = text("NIC rate", "qos-nic-rate", "xl syntax, e.g. 10Mb/s or 10Mb/s@50ms");
        IntegerField nicBurst = number("NIC burst (kB)", "qos-nic-burst", "credit per refill; instead of an @interval");
        IntegerField cpuWeight = number("CPU weight", "qos-cpu-weight", "1 to 65535 (Xen's default 256)");
        IntegerField cpuCap = number("CPU cap (%)", "qos-cpu-cap", "percent of one pCPU; 0 = no cap");
        IntegerField diskIops = number("Disk IOPS", "qos-disk-iops", "per disk");
        IntegerField diskMBps = number("Disk MB/s", "qos-disk-mbps", "per disk, MB of 1,000,000 bytes");
        if (policy != null) {
            name.setValue(policy.name());
            description.setValue(policy.description());
            nicRate.setValue(policy.nicRate() == null ? "" : policy.nicRate());
            nicBurst.setValue(toInt(policy.nicBurstKB()));
            cpuWeight.setValue(policy.cpuWeight());
            cpuCap.setValue(policy.cpuCap());
            diskIops.setValue(toInt(policy.diskIops()));
            diskMBps.setValue(toInt(policy.diskMBps()));
        }
        Map<String, HasValidation> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("description", description);
        fields.put("nicRate", nicRate);
        fields.put("nicBurstKB", nicBurst);
        fields.put("cpuWeight", cpuWeight);
        fields.put("cpuCap", cpuCap);
        fields.put("diskIops", diskIops);
        fields.put("diskMBps", diskMBps);
        Button save = new Button("Save", e -> {
            FieldErrors.clear(fields);
            QosPolicyForm values = new QosPolicyForm(name.getValue(), description.getValue(), nicRate.getValue(),
                    toLong(nicBurst.getValue()), cpuWeight.getValue(), cpuCap.getValue(), toLong(diskIops.getValue()),
                    toLong(diskMBps.getValue()), policy == null ? null : policy.version());
            try {
                if (policy == null) {
                    Notifications.info("QoS policy " + console.create(values).name() + " created");
                } else {
                    QosPolicyService.Updated updated = console.update(policy.id(), values);
                    Notifications.info("QoS policy " + updated.policy().name() + " saved"
                            + (updated.policy().usedBy().isEmpty() ? "" : " and applied to " + String.join(", ", updated.policy().usedBy()))
                            + (updated.notApplied().isEmpty() ? "" : "; not applied now to " + String.join(", ", updated.notApplied())));
                }
                form.close();
                reload();
            } catch (RuntimeException ex) {
                FieldErrors.show(ex, fields);
                if (Errors.known(ex) instanceof StaleObjectException) {
                    reload(); // the list shows the stored object: reopening it edits the current version
                }
            }
        });
        save.setId("save-qos");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        form.add(new FormLayout(name, description, nicRate, nicBurst, cpuWeight, cpuCap, diskIops, diskMBps));
        form.getFooter().add(new Button("Cancel", e -> form.close()), save);
        form.open();
    }

    private static TextField text(String label, String id, String helper) {
        TextField field = new TextField(label);
        field.setId(id);
        if (helper != null) {
            field.setHelperText(helper);
        }
        return field;
    }

    private static IntegerField number(String label, String id, String helper) {
        IntegerField field = new IntegerField(label);
        field.setId(id);
        field.setHelperText(helper + "; empty = not set");
        return field;
    }

    private static Long toLong(Integer value) {
        return value == null ? null : value.longValue();
    }

    private static Integer toInt(Long value) {
        return value == null ? null : (int) Math.min(Integer.MAX_VALUE, value);
    }
}
