package org.xensv.hypervisor.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux says of the processors (-1 where there is nothing to read): how long the machine's
 * processors have been idle ({@code /proc/stat}), and how long the calling thread has run and waited
 * to run ({@code /proc/thread-self/schedstat}). Two readings a round apart say whether the machine had
 * processor time to spare during that round, and whether the migration's sender was bound by the
 * processor (running, or ready and waiting for one) rather than by the link (blocked in a write).
 */
final class ProcessorTime {

    private static final Path STAT = Path.of("/proc/stat");
    private static final Path THREAD_SCHEDSTAT = Path.of("/proc/thread-self/schedstat");
    /** USER_HZ: 100 on every Linux the JVM runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessorTime() {
    }

    /** Nanoseconds every processor of the machine has spent idle (iowait included) since boot; -1 if unknown. */
    static long machineIdleNanos() {
        try (var lines = Files.lines(STAT)) {
            return lines.findFirst().map(ProcessorTime::idleNanos).orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Nanoseconds the calling thread has run plus waited on a run queue since it started; -1 if unknown. */
    static long threadRunnableNanos() {
        try {
            return runnableNanos(Files.readString(THREAD_SCHEDSTAT));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** From "cpu user nice system idle iowait irq softirq ...": idle plus iowait. */
    static long idleNanos(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (f.length < 6 || !f[0].equals("cpu")) {
            return -1;
        }
        return (Long.parseLong(f[4]) + Long.parseLong(f[5])) * NANOS_PER_TICK;
    }

    /** From a schedstat line, "time on a processor, time waiting on a run queue, timeslices" (ns, ns, count): the first two. */
    static long runnableNanos(String schedstat) {
        String[] f = schedstat.trim().split("\\s+");
        if (f.length < 2) {
            return -1;
        }
        return Long.parseLong(f[0]) + Long.parseLong(f[1]);
    }
}
