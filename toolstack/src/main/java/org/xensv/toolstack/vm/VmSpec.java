package org.xensv.toolstack.vm;

import java.util.UUID;

/**
 * What a user asks for when creating a VM, as typed: every field is checked and turned into a
 * value record by {@link VmSpecs#toConfig}, which names the field and the rule on bad input.
 * Null workload numbers take the workload's defaults; a null host lets the toolstack place the VM
 * (see {@link Placement}): on a host of {@code poolId} if given, else of any pool. A VM may name an
 * {@code antiAffinityGroup}: placement keeps VMs of one group on different hosts where it can.
 */
public record VmSpec(String name, String description, String type, Integer vcpus, Long memoryMiB, UUID hostId,
                     String workload, Long workloadFillMiB, Long workloadWorkingSetMiB, Long workloadPagesPerSecond,
                     Long workloadSeed, String onCrash, Integer cpuWeight, Integer cpuCap, Boolean start,
                     String antiAffinityGroup, UUID poolId) {

    /** A spec in no anti-affinity group, placed in any pool if it names no host. */
    public VmSpec(String name, String description, String type, Integer vcpus, Long memoryMiB, UUID hostId,
                  String workload, Long workloadFillMiB, Long workloadWorkingSetMiB, Long workloadPagesPerSecond,
                  Long workloadSeed, String onCrash, Integer cpuWeight, Integer cpuCap, Boolean start) {
        this(name, description, type, vcpus, memoryMiB, hostId, workload, workloadFillMiB, workloadWorkingSetMiB,
                workloadPagesPerSecond, workloadSeed, onCrash, cpuWeight, cpuCap, start, null, null);
    }

    public boolean startAfterCreate() {
        return Boolean.TRUE.equals(start);
    }

    /** The minimal spec: a PV idle guest. */
    public static VmSpec of(String name, int vcpus, long memoryMiB, UUID hostId, boolean start) {
        return new VmSpec(name, null, "PV", vcpus, memoryMiB, hostId, "IDLE", null, null, null, null, null, null, null, start);
    }

    public VmSpec withWorkload(String kind) {
        return new VmSpec(name, description, type, vcpus, memoryMiB, hostId, kind, workloadFillMiB,
                workloadWorkingSetMiB, workloadPagesPerSecond, workloadSeed, onCrash, cpuWeight, cpuCap, start,
                antiAffinityGroup, poolId);
    }

    public VmSpec withStart(boolean startIt) {
        return new VmSpec(name, description, type, vcpus, memoryMiB, hostId, workload, workloadFillMiB,
                workloadWorkingSetMiB, workloadPagesPerSecond, workloadSeed, onCrash, cpuWeight, cpuCap, startIt,
                antiAffinityGroup, poolId);
    }

    /** The same spec in this anti-affinity group (null: none). */
    public VmSpec withAntiAffinityGroup(String group) {
        return new VmSpec(name, description, type, vcpus, memoryMiB, hostId, workload, workloadFillMiB,
                workloadWorkingSetMiB, workloadPagesPerSecond, workloadSeed, onCrash, cpuWeight, cpuCap, start, group, poolId);
    }
}
