package org.xensv.hypervisor.embedded.workload;

import org.xensv.hypervisor.embedded.sched.VcpuBody;

/**
 * A web server: each request writes one page, 95% of them in the hot working set and the rest
 * anywhere in the filled memory; every {@link #WRITES_PER_RESPONSE} requests it sends a response
 * frame to its clients through its NIC.
 */
final class WebWorkload implements Workload {

    static final int HOT_PERCENT = 95;
    static final int WRITES_PER_RESPONSE = 20;
    static final int RESPONSE_BYTES = 1024;
    static final String CLIENT_MAC = "02:00:00:00:00:01";
    private static final int BATCH = 64;

    @Override
    public long step(GuestCpu cpu) {
        Guest guest = cpu.guest();
        long batch = Math.min(BATCH, cpu.allowance());
        if (batch <= 0) {
            guest.flushNic();
            return cpu.sleepForRate();
        }
        for (int i = 0; i < batch; i++) {
            long r = cpu.nextRandom();
            boolean hot = Long.remainderUnsigned(r, 100) < HOT_PERCENT;
            long pfn = cpu.ownPage(cpu.nextRandom(), hot ? guest.workingSetPages() : guest.fillPages());
            if (pfn < 0) {
                return VcpuBody.BLOCK;
            }
            cpu.writePage(pfn);
            if (++cpu.cursor % WRITES_PER_RESPONSE == 0) {
                guest.sendResponse(CLIENT_MAC, RESPONSE_BYTES);
            }
        }
        cpu.maybeReportStatus();
        return VcpuBody.CONTINUE;
    }
}
