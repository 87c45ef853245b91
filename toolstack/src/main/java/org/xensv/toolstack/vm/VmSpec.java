package org.xensv.toolstack.vm;

import java.util.UUID;

/**
 * What a user asks for when creating a VM, as typed: every field is checked and turned into a
 * value record by {@link VmSpecs#toConfig}, which names the field and the rule on bad input.
 * Null workload numbers take the workload's defaults; a null host lets the toolstack place the VM
 * (see {@link Placement}): on a host of {@code poolId} if given, else of any pool. A VM may name an
 * {@code antiAffinityGroup}: placement keeps VMs of one group on different hosts where it can.
 * {@code haRestartPriority}: {@code restart}, {@code best-effort} or null (unprotected), see {@link HaPriority};
 * {@code haRestartOrder}: 0..9999, lowest restarted first (null: 0).
 */
public record VmSpec(String name, String description, String type, Integer vcpus, Long memoryMiB, UUID hostId,
                     String workload, Long workloadFillMiB, Long workloadWorkingSetMiB, Long workloadPagesPerSecond,
                     Long workloadSeed, String onCrash, Integer cpuWeight, Integer cpuCap, Boolean start,
                     String antiAffinityGroup, UUID poolId, String haRestartPriority, Integer haRestartOrder) {

    /** A spec in no anti-affinity group, placed in any pool if it names no host, without high-availability protection. */
    public VmSpec(String name, String description, String type, Integer vcpus, Long memoryMiB, UUID hostId,
                  String workload, Long workloadFillMiB, Long workloadWorkingSetMiB, Long workloadPagesPerSecond,
                  Long workloadSeed, String onCrash, Integer cpuWeight, Integer cpuCap, Boolean start) {
        this(name, description, type, vcpus, memoryMiB, hostId, workload, workloadFillMiB, workloadWorkingSetMiB,
                workloadPagesPerSecond, workloadSeed, onCrash, cpuWeight, cpuCap, start, null, null, null, null);
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
                antiAffinityGroup, poolId, haRestartPriority, haRestartOrder);
    }

    public VmSpec withStart(boolean startIt) {
        return new VmSpec(name, description, type, vcpus, memoryMiB, hostId, workload, workloadFillMiB,
                workloadWorkingSetMiB, workloadPagesPerSecond, workloadSeed, onCrash, cpuWeight, cpuCap, startIt,
                antiAffinityGroup, poolId, haRestartPriority, haRestartOrder);
    }

    /** The same spec in this anti-affinity group (null: none). */
    public VmSpec withAntiAffinityGroup(String group) {
        return new VmSpec(name, description, type, vcpus, memoryMiB, hostId, workload, workloadFillMiB,
                workloadWorkingSetMiB, workloadPagesPerSecond, workloadSeed, onCrash, cpuWeight, cpuCap, start,
                group, poolId, haRestartPriority, haRestartOrder);
    }

    /** The same spec with high-availability protection ({@code priority} as typed, null = unprotected). */
    public VmSpec withHa(String priority, Integer order) {
        return new VmSpec(name, description, type, vcpus, memoryMiB, hostId, workload, workloadFillMiB,
                workloadWorkingSetMiB, workloadPagesPerSecond, workloadSeed, onCrash, cpuWeight, cpuCap, start,
                antiAffinityGroup, poolId, priority, order);
    }
}
