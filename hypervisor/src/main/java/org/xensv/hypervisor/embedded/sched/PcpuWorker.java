package org.xensv.hypervisor.embedded.sched;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.xensv.hypervisor.memory.PageFault;

/**
 * One physical CPU: picks the best vCPU, runs it for a slice, step by step, and puts it back. A
 * slice is charged the CPU time this thread really consumed since the last one ended (the slice,
 * and the picking that led to it), as Xen charges a vCPU the pCPU time it used: a thread the host
 * preempted is not charged for waiting, and the scheduler's own work is not free, so a cap holds on
 * the CPU the host really gives. Where the JVM cannot read a thread's CPU time, the slice's wall time.
 */
final class PcpuWorker implements Runnable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final CreditScheduler scheduler;
    /** This thread's CPU time when its last slice ended (-1: none yet, or not readable). */
    private long cpuMark = -1;

    PcpuWorker(CreditScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void run() {
        while (!scheduler.shutdown) {
            Vcpu v;
            long slice;
            scheduler.lock.lock();
            try {
                v = scheduler.pickOrWait();
                if (v == null) {
                    continue;
                }
                slice = scheduler.sliceFor(v);
            } catch (InterruptedException e) {
                return;
            } finally {
                scheduler.lock.unlock();
            }
            runSlice(v, slice);
        }
    }

    private void runSlice(Vcpu v, long slice) {
        long cpuStart = cpuMark >= 0 ? cpuMark : threadCpuTime();
        long start = System.nanoTime();
        long end = start + slice;
        long now = start;
        long result = VcpuBody.CONTINUE;
        PageFault fault = null;
        Throwable crash = null;
        try {
            do {
                result = v.body.step();
                now = System.nanoTime();
            } while (result == VcpuBody.CONTINUE && now < end && !v.domain.pauseRequested);
        } catch (PageFault f) {
            fault = f;
            result = VcpuBody.BLOCK;
            now = System.nanoTime();
        } catch (RuntimeException | Error e) {
            crash = e;
            result = VcpuBody.BLOCK;
            now = System.nanoTime();
        }
        long cpuEnd = threadCpuTime();
        long charged = cpuStart >= 0 && cpuEnd >= cpuStart ? cpuEnd - cpuStart : now - start;
        cpuMark = cpuEnd;
        scheduler.lock.lock();
        try {
            scheduler.finish(v, charged, result);
        } finally {
            scheduler.lock.unlock();
        }
        if (fault != null) {
            v.domain.waitForPage(fault.pfn(), () -> scheduler.wake(v));
        }
        if (crash != null) {
            v.domain.crashHandler.accept(crash);
        }
    }

    private static long threadCpuTime() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }
}
