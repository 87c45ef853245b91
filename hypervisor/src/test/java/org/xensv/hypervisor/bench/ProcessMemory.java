package org.xensv.hypervisor.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What this process holds, on the Java heap and outside it, read after a collection so that garbage
 * does not count: heap in use and committed from the memory MXBean, resident anonymous memory from
 * {@code /proc/self/status} (RssAnon; VmRSS where the kernel has no RssAnon). "Native" is RssAnon less
 * the committed heap: what the process keeps resident outside the heap (guest RAM in native memory,
 * thread stacks, metaspace, code cache, malloc). Exact when the JVM pre-touches its heap
 * ({@code -XX:+AlwaysPreTouch}, as the benchmark profile runs it): then the committed heap is all
 * resident; without, committed heap not yet touched makes native look smaller than it is.
 */
record ProcessMemory(long heapUsed, long heapCommitted, long heapMax, long rssAnon) {

    static ProcessMemory afterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        MemoryUsage usage = null;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            usage = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            used = Math.min(used, usage.getUsed());
        }
        return new ProcessMemory(used, usage.getCommitted(), Runtime.getRuntime().maxMemory(), rssAnonBytes());
    }

    /** Whether the committed heap is resident (-XX:+AlwaysPreTouch), which makes {@link #nativeBytes()} exact. */
    static boolean heapPreTouched() {
        try {
            return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("AlwaysPreTouch").getValue());
        } catch (RuntimeException e) {
            return false;
        }
    }

    long nativeBytes() {
        return Math.max(0, rssAnon - heapCommitted);
    }

    /** Resident anonymous bytes, or -1 where /proc/self/status is not there (not Linux). */
    static long rssAnonBytes() {
        try {
            long rss = -1;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("RssAnon:")) {
                    return kib(line);
                }
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                }
            }
            return rss;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }

    static String mib(long bytes) {
        return String.format("%,d MiB", bytes >> 20);
    }

    /** "heap in use 301 MiB (committed 1,024 of 4,096 MiB), native 1,130 MiB". */
    String describe() {
        return String.format("heap in use %s (committed %s of %s), native %s", mib(heapUsed), mib(heapCommitted).replace(" MiB", ""),
                mib(heapMax), rssAnon < 0 ? "n/a (no /proc/self/status)" : mib(nativeBytes()));
    }
}
