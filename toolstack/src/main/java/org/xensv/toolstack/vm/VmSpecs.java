package org.xensv.toolstack.vm;

import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

import org.xensv.hypervisor.api.CpuQos;
import org.xensv.hypervisor.api.CrashAction;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainName;
import org.xensv.hypervisor.api.DomainType;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.MemoryMiB;
import org.xensv.hypervisor.api.VcpuCount;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;

/** Turns a {@link VmSpec} as typed into a validated domain config, naming the field on every error. */
public final class VmSpecs {

    private VmSpecs() {
    }

    public static DomainConfig toConfig(VmSpec spec, UUID id) {
        DomainName name = new DomainName(spec.name() == null ? null : spec.name().strip());
        if (spec.description() != null && spec.description().length() > 255) {
            throw new InvalidValueException("description", spec.description().length() + " characters", "must be at most 255 characters");
        }
        DomainType type = parse(DomainType.class, "type", spec.type() == null ? "PV" : spec.type());
        if (spec.vcpus() == null) {
            throw new InvalidValueException("vcpus", null, "is required");
        }
        VcpuCount vcpus = new VcpuCount(spec.vcpus());
        if (spec.memoryMiB() == null) {
            throw new InvalidValueException("memoryMiB", null, "is required");
        }
        MemoryMiB memory = new MemoryMiB(spec.memoryMiB());
        if (memory.value() < 16) {
            throw new InvalidValueException("memoryMiB", memory.value(), "must be at least 16 MiB");
        }
        WorkloadKind kind = parse(WorkloadKind.class, "workload", spec.workload() == null ? "IDLE" : spec.workload());
        WorkloadSpec defaults = WorkloadSpec.defaults(kind);
        WorkloadSpec workload = new WorkloadSpec(kind,
                or(spec.workloadFillMiB(), defaults.fillMiB()),
                or(spec.workloadWorkingSetMiB(), defaults.workingSetMiB()),
                or(spec.workloadPagesPerSecond(), defaults.pagesPerSecond()),
                or(spec.workloadSeed(), defaults.seed()));
        if (spec.workloadFillMiB() != null && workload.fillMiB() > memory.value()) {
            throw new InvalidValueException("workloadFillMiB", workload.fillMiB(), "must not exceed the VM's memory (" + memory + ")");
        }
        if (spec.workloadWorkingSetMiB() != null && workload.workingSetMiB() > memory.value()) {
            throw new InvalidValueException("workloadWorkingSetMiB", workload.workingSetMiB(), "must not exceed the VM's memory (" + memory + ")");
        }
        CrashAction onCrash = parse(CrashAction.class, "onCrash", spec.onCrash() == null ? "RESTART" : spec.onCrash());
        CpuQos qos = new CpuQos(spec.cpuWeight() == null ? 256 : spec.cpuWeight(), spec.cpuCap() == null ? 0 : spec.cpuCap());
        return new DomainConfig(id, name, type, vcpus, memory, workload.fitTo(memory), onCrash, qos);
    }

    /** What an anti-affinity group may be called: a VM name's characters. */
    private static final java.util.regex.Pattern GROUP = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * The anti-affinity group as typed, checked: null or blank is none (null); else 1 to 64 letters,
     * digits, '.', '_' or '-', kept as typed (groups are compared ignoring case).
     */
    public static String antiAffinityGroup(String group) {
        if (group == null || group.isBlank()) {
            return null;
        }
        String stripped = group.strip();
        if (!GROUP.matcher(stripped).matches()) {
            throw new InvalidValueException("antiAffinityGroup", group,
                    "must be 1 to 64 letters, digits, '.', '_' or '-' (or empty for none)");
        }
        return stripped;
    }

    private static long or(Long value, long fallback) {
        return value == null ? fallback : value;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(field, value, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
