package org.xensv.hypervisor.embedded.workload;

import org.xensv.hypervisor.embedded.sched.VcpuBody;

/** A memory streamer (MMuncher): sweeps its working set writing every page, as fast as it can. */
final class StreamerWorkload implements Workload {

    private static final int BATCH = 128;

    @Override
    public long step(GuestCpu cpu) {
        long region = cpu.guest().workingSetPages();
        long mine = cpu.partitionSize(region);
        if (mine == 0) {
            return VcpuBody.BLOCK;
        }
        long batch = Math.min(BATCH, cpu.allowance());
        if (batch <= 0) {
            return cpu.sleepForRate();
        }
        for (int i = 0; i < batch; i++) {
            cpu.writePage(cpu.index() + (cpu.cursor % mine) * cpu.vcpuCount());
            cpu.cursor++;
        }
        cpu.maybeReportStatus();
        return VcpuBody.CONTINUE;
    }
}
