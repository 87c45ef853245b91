package org.xensv.hypervisor.api;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything a host needs to define a domain. {@code kernelBoot} null = the host's own boot (the
 * embedded runtime's boot phase, a libvirt guest's firmware); else the kernel the host loads directly.
 */
public record DomainConfig(UUID uuid, DomainName name, DomainType type, VcpuCount vcpus, MemoryMiB memory,
                           WorkloadSpec workload, CrashAction onCrash, CpuQos cpuQos,
                           List<NicConfig> nics, List<DiskConfig> disks, KernelBoot kernelBoot) {

    public DomainConfig {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(vcpus, "vcpus");
        Objects.requireNonNull(memory, "memory");
        workload = workload == null ? WorkloadSpec.defaults(WorkloadKind.IDLE) : workload;
        onCrash = onCrash == null ? CrashAction.RESTART : onCrash;
        cpuQos = cpuQos == null ? CpuQos.DEFAULT : cpuQos;
        nics = nics == null ? List.of() : List.copyOf(nics);
        disks = disks == null ? List.of() : List.copyOf(disks);
    }

    /** A domain that boots the way its host boots one by default (no direct kernel boot). */
    public DomainConfig(UUID uuid, DomainName name, DomainType type, VcpuCount vcpus, MemoryMiB memory,
                        WorkloadSpec workload, CrashAction onCrash, CpuQos cpuQos,
                        List<NicConfig> nics, List<DiskConfig> disks) {
        this(uuid, name, type, vcpus, memory, workload, onCrash, cpuQos, nics, disks, null);
    }

    /** A domain without devices (the original eight components). */
    public DomainConfig(UUID uuid, DomainName name, DomainType type, VcpuCount vcpus, MemoryMiB memory,
                        WorkloadSpec workload, CrashAction onCrash, CpuQos cpuQos) {
        this(uuid, name, type, vcpus, memory, workload, onCrash, cpuQos, List.of(), List.of());
    }

    public static DomainConfig of(String name, int vcpus, long memoryMiB) {
        return new DomainConfig(UUID.randomUUID(), new DomainName(name), DomainType.PV, VcpuCount.of(vcpus),
                MemoryMiB.of(memoryMiB), null, null, null);
    }

    public DomainConfig withCpuQos(CpuQos qos) {
        return new DomainConfig(uuid, name, type, vcpus, memory, workload, onCrash, qos, nics, disks, kernelBoot);
    }

    public DomainConfig withWorkload(WorkloadSpec spec) {
        return new DomainConfig(uuid, name, type, vcpus, memory, spec, onCrash, cpuQos, nics, disks, kernelBoot);
    }

    public DomainConfig withOnCrash(CrashAction action) {
        return new DomainConfig(uuid, name, type, vcpus, memory, workload, action, cpuQos, nics, disks, kernelBoot);
    }

    public DomainConfig withNics(List<NicConfig> newNics) {
        return new DomainConfig(uuid, name, type, vcpus, memory, workload, onCrash, cpuQos, newNics, disks, kernelBoot);
    }

    public DomainConfig withDisks(List<DiskConfig> newDisks) {
        return new DomainConfig(uuid, name, type, vcpus, memory, workload, onCrash, cpuQos, nics, newDisks, kernelBoot);
    }

    public DomainConfig withKernelBoot(KernelBoot boot) {
        return new DomainConfig(uuid, name, type, vcpus, memory, workload, onCrash, cpuQos, nics, disks, boot);
    }
}
