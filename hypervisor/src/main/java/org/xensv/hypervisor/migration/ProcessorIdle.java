package org.xensv.hypervisor.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's idle processor time so far, from Linux's {@code /proc/stat} (its first line: every
 * processor's idle and iowait ticks, in USER_HZ), or -1 where there is none to read. Two readings a
 * round apart say whether the machine had processor time to spare during that round.
 */
final class ProcessorIdle {

    private static final Path STAT = Path.of("/proc/stat");
    /** USER_HZ: 100 on every Linux the JVM runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessorIdle() {
    }

    /** Nanoseconds every processor of the machine has spent idle (iowait included) since boot; -1 if unknown. */
    static long totalNanos() {
        try (var lines = Files.lines(STAT)) {
            return lines.findFirst().map(ProcessorIdle::idleNanos).orElse(-1L);
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
}
