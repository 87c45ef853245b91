package org.xensv.hypervisor.embedded.workload;

import org.xensv.hypervisor.memory.Pages;
import org.xensv.hypervisor.embedded.sched.VcpuBody;

/** Pure CPU: about 50 µs of arithmetic per step, never blocks, touches no memory. */
final class CpuBurnWorkload implements Workload {

    private static final int ROUNDS = 20_000;

    @Override
    public long step(GuestCpu cpu) {
        long x = cpu.rng;
        for (int i = 0; i < ROUNDS; i++) {
            x = Pages.mix(x + i);
        }
        cpu.rng = x;
        cpu.maybeReportStatus();
        return VcpuBody.CONTINUE;
    }
}
