package org.xensv.toolstack.vm;

import java.util.UUID;

/**
 * What a user asks for when creating a VM, as typed: every field is checked and turned into a
 * value record by {@link VmSpecs#toConfig}, which names the field and the rule on bad input.
 * Null workload numbers take the workload's defaults; a null host lets the toolstack place the VM.
 */
public record VmSpec(String name, String description, String type, Integer vcpus, Long memoryMiB, UUID hostId,
                     String workload, Long workloadFillMiB, Long workloadWorkingSetMiB, Long workloadPagesPerSecond,
                     Long workloadSeed, String onCrash, Integer cpuWeight, Integer cpuCap, Boolean start) {

    public boolean startAfterCreate() {
        return Boolean.TRUE.equals(start);
    }

    /** The minimal spec: a PV idle guest. */
    public static VmSpec of(String name, int vcpus, long memoryMiB, UUID hostId, boolean start) {
        return new VmSpec(name, null, "PV", vcpus, memoryMiB, hostId, "IDLE", null, null, null, null, null, null, null, start);
    }

    public VmSpec withWorkload(String kind) {
        return new VmSpec(name, description, type, vcpus, memoryMiB, hostId, kind, workloadFillMiB,
                workloadWorkingSetMiB, workloadPagesPerSecond, workloadSeed, onCrash, cpuWeight, cpuCap, start);
    }

    public VmSpec withStart(boolean startIt) {
        return new VmSpec(name, description, type, vcpus, memoryMiB, hostId, workload, workloadFillMiB,
                workloadWorkingSetMiB, workloadPagesPerSecond, workloadSeed, onCrash, cpuWeight, cpuCap, startIt);
    }
}
