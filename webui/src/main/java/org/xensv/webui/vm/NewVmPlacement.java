package org.xensv.webui.vm;

import java.util.Optional;

import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.vm.PlacementView;
import org.xensv.toolstack.vm.VmSpecs;

/**
 * The host page's placement: automatic (the console's suggestion, shown with its reason) or a host
 * the admin picks, and the VM's anti-affinity group. The suggestion comes from the toolstack's rule
 * (see {@code Placement}); it is asked again only when the VM's size or group changes.
 */
public final class NewVmPlacement {

    /** Asks the toolstack where a VM of this size and group would go. */
    @FunctionalInterface
    public interface Placer {
        PlacementView suggest(long memoryMiB, int vcpus, String antiAffinityGroup);
    }

    private final Placer placer;
    private boolean automatic;
    private String antiAffinityGroup = "";
    private String asked;
    private PlacementView suggestion;

    private NewVmPlacement(Placer placer, boolean automatic) {
        this.placer = placer;
        this.automatic = automatic;
    }

    /** No automatic placement: the admin picks the host (as before the console offered it). */
    public static NewVmPlacement manual() {
        return new NewVmPlacement(null, false);
    }

    /** Automatic placement offered, and chosen unless {@code automatic} is false (a host was selected). */
    public static NewVmPlacement offered(Placer placer, boolean automatic) {
        return new NewVmPlacement(placer, automatic);
    }

    public boolean offered() {
        return placer != null;
    }

    public boolean automatic() {
        return placer != null && automatic;
    }

    public void setAutomatic(boolean automatic) {
        this.automatic = automatic;
    }

    public String antiAffinityGroup() {
        return antiAffinityGroup;
    }

    public void setAntiAffinityGroup(String group) {
        this.antiAffinityGroup = group == null ? "" : group;
    }

    /** The group as the toolstack takes it (null: none); call once it is validated. */
    String checkedGroup() {
        return VmSpecs.antiAffinityGroup(antiAffinityGroup);
    }

    /**
     * Where the console would put a VM of this size in the group typed, with why; empty when no
     * placement is offered or the group breaks its rule (its field says why). A refusal of the
     * toolstack comes back as a suggestion without a host, its message the reason.
     */
    Optional<PlacementView> suggestion(long memoryMiB, int vcpus) {
        if (placer == null) {
            return Optional.empty();
        }
        String group;
        try {
            group = checkedGroup();
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
        String key = memoryMiB + "/" + vcpus + "/" + group;
        if (!key.equals(asked)) {
            try {
                suggestion = placer.suggest(memoryMiB, vcpus, group);
            } catch (HypervisorException e) {
                suggestion = new PlacementView(null, null, e.getMessage(), group);
            }
            asked = key;
        }
        return Optional.of(suggestion);
    }
}
