package org.xensv.hypervisor.embedded.sched;

/**
 * What a vCPU runs: one short step at a time (about 10 µs to 1 ms of work). Between two steps the
 * vCPU is at a safe point where it can be descheduled or paused.
 */
@FunctionalInterface
public interface VcpuBody {

    /** Returned to keep running. */
    long CONTINUE = 0;
    /** Returned to block until someone calls {@link SchedDomain#wake()}. */
    long BLOCK = Long.MAX_VALUE;

    /**
     * Runs one step. Returns {@link #CONTINUE}, {@link #BLOCK}, or a {@link System#nanoTime()}
     * deadline to sleep until. Throwing {@link org.xensv.hypervisor.memory.PageFault} blocks
     * the vCPU until the page is present, then the step is run again.
     */
    long step();
}
