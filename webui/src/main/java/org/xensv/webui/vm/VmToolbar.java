package org.xensv.webui.vm;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import org.xensv.toolstack.security.Action;
import org.xensv.toolstack.vm.VmView;
import org.xensv.webui.security.Guard;

/**
 * The VM toolbar: New VM, Import and Export (of the selected VM), then one button per lifecycle action, enabled exactly when the selected
 * VM's {@code allowedOperations} contain it. Clicks are reported; the view carries them out.
 */
public class VmToolbar extends Div {

    private final Map<VmAction, Button> buttons = new EnumMap<>(VmAction.class);
    private final Button export;
    private final Button toTemplate;
    private final Button fromTemplate;

    public VmToolbar(Runnable onNewVm, Runnable onImport, Runnable onExport, Consumer<VmAction> onAction) {
        addClassName("xensv-toolbar");
        setId("vm-toolbar");
        getElement().setAttribute("role", "toolbar");
        getElement().setAttribute("aria-label", "VM actions");

        Button newVm = new Button("New VM", VaadinIcon.PLUS.create(), e -> onNewVm.run());
        newVm.setId("new-vm");
        newVm.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
        Button importVm = new Button("Import", VaadinIcon.UPLOAD.create(), e -> onImport.run());
        importVm.setId("import-vm");
        importVm.setTooltipText("Create a VM from an xl.cfg file or libvirt domain XML");
        importVm.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        export = new Button("Export", VaadinIcon.DOWNLOAD.create(), e -> onExport.run());
        export.setId("export-vm");
        export.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        export.setEnabled(false);
        toTemplate = new Button("Convert to template", VaadinIcon.COPY_O.create());
        toTemplate.setId("vm-to-template");
        toTemplate.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        toTemplate.setEnabled(false);
        fromTemplate = new Button("New VM from template", VaadinIcon.COPY.create());
        fromTemplate.setId("vm-from-template");
        fromTemplate.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        fromTemplate.setVisible(false);
        Guard.apply(newVm, Action.VM_CREATE);
        Guard.apply(importVm, Action.VM_CREATE);
        add(newVm, importVm, export, toTemplate, fromTemplate, separator());

        for (VmAction action : VmAction.values()) {
            Button button = new Button(action.label(), action.icon().create(), e -> onAction.accept(action));
            button.setId(action.buttonId());
            button.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
            if (action == VmAction.DESTROY) {
                button.addThemeVariants(ButtonVariant.LUMO_ERROR);
            }
            button.setEnabled(false);
            buttons.put(action, button);
            add(button);
            if (action == VmAction.FORCE_REBOOT || action == VmAction.RESUME) {
                add(separator());
            }
        }
    }

    /** What Convert to template (of the selected VM) and New VM from template (the selected template) do. */
    public void onTemplates(Runnable convert, Runnable copy) {
        toTemplate.addClickListener(e -> convert.run());
        fromTemplate.addClickListener(e -> copy.run());
    }

    /**
     * Enables the actions the VM allows now; all are disabled when no VM is selected. A template
     * allows only New VM from template and Destroy; a halted, idle VM can become one. What the
     * signed-in user's role does not allow stays disabled, with the reason as tooltip.
     */
    public void show(VmView vm) {
        boolean template = vm != null && vm.template();
        fromTemplate.setVisible(template);
        fromTemplate.setEnabled(template);
        Guard.apply(fromTemplate, Action.VM_CREATE);
        toTemplate.setVisible(!template);
        boolean convertible = vm != null && !template && !vm.stateUnknown() && vm.currentOperation() == null
                && vm.powerState() == org.xensv.hypervisor.api.PowerState.HALTED;
        toTemplate.setEnabled(convertible);
        toTemplate.setTooltipText(vm == null ? "Convert to template: select a halted VM"
                : convertible ? "Make " + vm.name() + " a template (it is never started again)"
                : "Only a halted VM can become a template");
        Guard.apply(toTemplate, Action.TEMPLATE_CREATE);
        export.setEnabled(vm != null);
        export.setTooltipText(vm == null ? "Export: select a VM" : "Export " + vm.name() + " as xl.cfg or libvirt XML");
        buttons.forEach((action, button) -> {
            boolean allowed = vm != null && vm.allows(action.operation());
            button.setEnabled(allowed);
            button.setTooltipText(vm == null ? action.label() + ": select a VM"
                    : allowed ? action.label() + " " + vm.name()
                    : action.label() + " is not available while " + vm.name() + " is "
                      + (vm.currentOperation() != null ? "busy (" + vm.currentOperation().label() + ")" : vm.powerState().label()));
            Guard.apply(button, action.action());
        });
    }

    private static Div separator() {
        Div separator = new Div();
        separator.addClassName("separator");
        return separator;
    }
}
