package org.xensv.hypervisor.api;

/**
 * What a guest runs, deterministic by seed: the memory it fills with non-zero data at boot, its
 * working set and its write rate in pages per second (0 = unthrottled).
 */
public record WorkloadSpec(WorkloadKind kind, long fillMiB, long workingSetMiB, long pagesPerSecond, long seed) {

    public WorkloadSpec {
        if (kind == null) {
            throw new InvalidValueException("workload", null, "must be one of " + java.util.Arrays.toString(WorkloadKind.values()));
        }
        if (fillMiB < 0) {
            throw new InvalidValueException("workload.fillMiB", fillMiB, "must not be negative");
        }
        if (workingSetMiB < 0) {
            throw new InvalidValueException("workload.workingSetMiB", workingSetMiB, "must not be negative");
        }
        if (pagesPerSecond < 0) {
            throw new InvalidValueException("workload.pagesPerSecond", pagesPerSecond, "must not be negative (0 = unthrottled)");
        }
    }

    /** The defaults of each workload (issue: 512 MiB filled; web 16 MiB at 20k pages/s; db 256 MiB at 50k; streamer 256 MiB). */
    public static WorkloadSpec defaults(WorkloadKind kind) {
        return switch (kind) {
            case IDLE -> new WorkloadSpec(kind, 512, 0, 0, 1);
            case WEB -> new WorkloadSpec(kind, 512, 16, 20_000, 1);
            case DATABASE -> new WorkloadSpec(kind, 512, 256, 50_000, 1);
            case STREAMER -> new WorkloadSpec(kind, 512, 256, 0, 1);
            case CPU_BURN -> new WorkloadSpec(kind, 16, 0, 0, 1);
        };
    }

    /** The same workload, its fill clipped to what the guest has. */
    public WorkloadSpec fitTo(MemoryMiB memory) {
        long fill = Math.min(fillMiB, memory.value());
        return new WorkloadSpec(kind, fill, Math.min(workingSetMiB, fill), pagesPerSecond, seed);
    }
}
