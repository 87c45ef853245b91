package org.xensv.webui.inventory;

import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.toolstack.vm.VmView;

/** How a VM's power state looks: an icon, a CSS class for its colour, and the words (for everyone). */
public final class StateBadge {

    private StateBadge() {
    }

    public static String text(VmView vm) {
        return vm.template() ? "template" : vm.stateUnknown() ? "unknown" : vm.powerState().label();
    }

    public static String cssClass(VmView vm) {
        return "state-" + text(vm);
    }

    public static Icon icon(VmView vm) {
        Icon result = iconOf(vm).create();
        result.getElement().setAttribute("aria-hidden", "true");
        return result;
    }

    public static VaadinIcon iconOf(VmView vm) {
        return vm.template() ? VaadinIcon.COPY_O : vm.stateUnknown() ? VaadinIcon.QUESTION_CIRCLE : icon(vm.powerState());
    }

    private static VaadinIcon icon(PowerState state) {
        return switch (state) {
            case RUNNING -> VaadinIcon.PLAY_CIRCLE;
            case PAUSED -> VaadinIcon.PAUSE;
            case SUSPENDED -> VaadinIcon.MOON_O;
            case HALTED -> VaadinIcon.STOP;
        };
    }
}
