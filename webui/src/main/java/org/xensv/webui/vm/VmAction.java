package org.xensv.webui.vm;

import com.vaadin.flow.component.icon.VaadinIcon;
import org.xensv.hypervisor.api.Operation;

/** The toolbar's VM actions, in XenCenter's order, each tied to one lifecycle operation. */
public enum VmAction {
    START(Operation.START, "Start", VaadinIcon.PLAY, false),
    PAUSE(Operation.PAUSE, "Pause", VaadinIcon.PAUSE, false),
    UNPAUSE(Operation.UNPAUSE, "Unpause", VaadinIcon.STEP_FORWARD, false),
    SHUTDOWN(Operation.CLEAN_SHUTDOWN, "Shut down", VaadinIcon.POWER_OFF, false),
    FORCE_SHUTDOWN(Operation.HARD_SHUTDOWN, "Force off", VaadinIcon.PLUG, true),
    REBOOT(Operation.CLEAN_REBOOT, "Reboot", VaadinIcon.REFRESH, false),
    FORCE_REBOOT(Operation.HARD_REBOOT, "Reset", VaadinIcon.BOLT, true),
    SUSPEND(Operation.SUSPEND, "Suspend", VaadinIcon.MOON_O, false),
    RESUME(Operation.RESUME, "Resume", VaadinIcon.SUN_O, false),
    DESTROY(Operation.DESTROY, "Destroy", VaadinIcon.TRASH, true);

    private final Operation operation;
    private final String label;
    private final VaadinIcon icon;
    private final boolean needsConfirmation;

    VmAction(Operation operation, String label, VaadinIcon icon, boolean needsConfirmation) {
        this.operation = operation;
        this.label = label;
        this.icon = icon;
        this.needsConfirmation = needsConfirmation;
    }

    public Operation operation() {
        return operation;
    }

    public String label() {
        return label;
    }

    public VaadinIcon icon() {
        return icon;
    }

    /** Destroy and the forced operations lose guest state: the console asks first. */
    public boolean needsConfirmation() {
        return needsConfirmation;
    }

    /** The row of the role table this action needs: destroy is its own, every other a power operation. */
    public org.xensv.toolstack.security.Action action() {
        return this == DESTROY ? org.xensv.toolstack.security.Action.VM_DESTROY : org.xensv.toolstack.security.Action.VM_POWER;
    }

    /** The DOM id of the action's button, e.g. {@code vm-clean-shutdown}. */
    public String buttonId() {
        return "vm-" + operation.slug();
    }
}
