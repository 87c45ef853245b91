package org.xensv.webui.vm;

import java.util.List;
import java.util.UUID;

/**
 * A template the New VM wizard offers on its first step: what it pre-fills (type, guest image,
 * vCPUs, memory, host) and what the new VM copies from it (its NICs, with fresh MACs, and its disks,
 * cloned). {@link #BLANK} is the choice of no template.
 */
public record NewVmTemplate(UUID id, String name, String description, UUID hostId, String type, String workload,
                            int vcpus, long memoryMiB, List<String> nics, List<String> disks) {

    public static final NewVmTemplate BLANK = new NewVmTemplate(null, "Blank VM",
            "Start from nothing: choose every setting, NIC and disk", null, "PV", "IDLE", 1, 1024, List.of(), List.of());

    public boolean blank() {
        return id == null;
    }

    public String label() {
        return blank() ? name : name + " (" + vcpus + " vCPU, " + memoryMiB + " MiB, " + NewVmWizardModel.workloadLabel(workload) + ")";
    }

    /** What the copy takes from the template besides its settings, for the wizard's pages. */
    public String copies() {
        if (blank()) {
            return description;
        }
        return "NICs: " + (nics.isEmpty() ? "none" : String.join(", ", nics)) + ". Disks, cloned: "
                + (disks.isEmpty() ? "none" : String.join(", ", disks)) + ".";
    }
}
