package org.xensv.hypervisor.api;

import java.util.Objects;
import java.util.UUID;

/** Everything a host needs to define a domain. */
public record DomainConfig(UUID uuid, DomainName name, DomainType type, VcpuCount vcpus, MemoryMiB memory,
                           WorkloadSpec workload, CrashAction onCrash, CpuQos cpuQos) {

    public DomainConfig {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(vcpus, "vcpus");
        Objects.requireNonNull(memory, "memory");
        workload = workload == null ? WorkloadSpec.defaults(WorkloadKind.IDLE) : workload;
        onCrash = onCrash == null ? CrashAction.RESTART : onCrash;
        cpuQos = cpuQos == null ? CpuQos.DEFAULT : cpuQos;
    }

    public static DomainConfig of(String name, int vcpus, long memoryMiB) {
        return new DomainConfig(UUID.randomUUID(), new DomainName(name), DomainType.PV, VcpuCount.of(vcpus),
                MemoryMiB.of(memoryMiB), null, null, null);
    }

    public DomainConfig withCpuQos(CpuQos qos) {
        return new DomainConfig(uuid, name, type, vcpus, memory, workload, onCrash, qos);
    }

    public DomainConfig withWorkload(WorkloadSpec spec) {
        return new DomainConfig(uuid, name, type, vcpus, memory, spec, onCrash, cpuQos);
    }
}
