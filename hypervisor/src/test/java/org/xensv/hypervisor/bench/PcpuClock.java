package org.xensv.hypervisor.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.xensv.hypervisor.embedded.EmbeddedHost;
import org.xensv.hypervisor.embedded.sched.VcpuBody;

/**
 * CPU time really consumed, from the operating system's per-thread CPU clock ({@link ThreadMXBean}),
 * beside the scheduler's own accounting (which counts the wall time of the slices it hands out, so a
 * worker thread the OS preempts mid-slice is still charged).
 */
final class PcpuClock {

    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static {
        if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
    }

    private PcpuClock() {
    }

    /** The host's pCPU worker threads (named after the host's scheduler: xensv-<host>-pcpu<i>). */
    static List<Thread> workers(EmbeddedHost host) {
        String prefix = "xensv-" + host.name() + "-pcpu";
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).toList();
    }

    /** CPU nanoseconds the threads have consumed so far (a thread that ended counts 0). */
    static long cpuNanos(List<Thread> threads) {
        long sum = 0;
        for (Thread t : threads) {
            sum += Math.max(0, THREADS.getThreadCpuTime(t.threadId()));
        }
        return sum;
    }

    /**
     * A CPU-bound vCPU (about 50 µs of arithmetic per step, as the CPU_BURN workload) that times each
     * of its steps with the CPU clock of the thread running it: the CPU its domain really consumed,
     * attributed per domain even when several domains share one pCPU worker thread.
     */
    static final class TimedBurn implements VcpuBody {

        private static final int ROUNDS = 20_000;
        final AtomicLong cpuNanos = new AtomicLong();
        private long x = 1;

        @Override
        public long step() {
            long before = THREADS.getCurrentThreadCpuTime();
            long v = x;
            for (int i = 0; i < ROUNDS; i++) {
                v = mix(v + i);
            }
            x = v;
            cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - before);
            return CONTINUE;
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }
    }
}
