package org.xensv.hypervisor.embedded.sched;

import org.xensv.hypervisor.memory.PageFault;

/** One physical CPU: picks the best vCPU, runs it for a slice, step by step, and puts it back. */
final class PcpuWorker implements Runnable {

    private final CreditScheduler scheduler;

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
        scheduler.lock.lock();
        try {
            scheduler.finish(v, now - start, result);
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
}
