package org.xensv.hypervisor.embedded.workload;

import org.xensv.hypervisor.api.WorkloadKind;

/**
 * What a booted guest does, one step at a time on each of its vCPUs (see
 * {@link org.xensv.hypervisor.embedded.sched.VcpuBody} for the return values). Deterministic by seed:
 * every random choice comes from the vCPU's own generator.
 */
sealed interface Workload permits IdleWorkload, WebWorkload, DatabaseWorkload, StreamerWorkload, CpuBurnWorkload {

    long step(GuestCpu cpu);

    static Workload of(WorkloadKind kind) {
        return switch (kind) {
            case IDLE -> new IdleWorkload();
            case WEB -> new WebWorkload();
            case DATABASE -> new DatabaseWorkload();
            case STREAMER -> new StreamerWorkload();
            case CPU_BURN -> new CpuBurnWorkload();
        };
    }
}
