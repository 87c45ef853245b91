package org.xensv.hypervisor.embedded.workload;

/** An idle guest: writes nothing, wakes once a second for its timer tick. */
final class IdleWorkload implements Workload {

    static final long TICK_NANOS = 1_000_000_000L;

    @Override
    public long step(GuestCpu cpu) {
        cpu.maybeReportStatus();
        return System.nanoTime() + TICK_NANOS;
    }
}
