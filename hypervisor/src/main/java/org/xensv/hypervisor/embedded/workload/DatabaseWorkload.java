package org.xensv.hypervisor.embedded.workload;

import org.xensv.hypervisor.embedded.sched.VcpuBody;

/**
 * A database: uniformly random page writes over its working set; every {@link #WRITES_PER_COMMIT}
 * writes it appends a 4 KiB block to its disk's log (waiting for the disk's IOPS/bandwidth limit).
 */
final class DatabaseWorkload implements Workload {

    static final int WRITES_PER_COMMIT = 64;
    private static final int BATCH = 64;

    @Override
    public long step(GuestCpu cpu) {
        Guest guest = cpu.guest();
        if (cpu.pendingCommit) {
            long waitUntil = guest.commit(cpu.nextRandom());
            if (waitUntil > 0) {
                return waitUntil;
            }
            cpu.pendingCommit = false;
        }
        long batch = Math.min(BATCH, cpu.allowance());
        if (batch <= 0) {
            return cpu.sleepForRate();
        }
        for (int i = 0; i < batch; i++) {
            long pfn = cpu.ownPage(cpu.nextRandom(), guest.workingSetPages());
            if (pfn < 0) {
                return VcpuBody.BLOCK;
            }
            cpu.writePage(pfn);
            if (++cpu.cursor % WRITES_PER_COMMIT == 0 && guest.hasDisk()) {
                cpu.pendingCommit = true;
                break;
            }
        }
        cpu.maybeReportStatus();
        return VcpuBody.CONTINUE;
    }
}
