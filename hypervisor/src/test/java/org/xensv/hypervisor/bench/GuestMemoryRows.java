package org.xensv.hypervisor.bench;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;
import org.xensv.hypervisor.embedded.EmbeddedDomain;
import org.xensv.hypervisor.embedded.EmbeddedHost;
import org.xensv.hypervisor.embedded.EmbeddedRuntime;
import org.xensv.hypervisor.memory.KeptRam;

/**
 * The rows about guest memory and the process: many idle domains (boot storm, heap and native memory,
 * overhead per domain), many GiB of guest pages touched, and suspended guests resumed. Each host is
 * sized to what its row needs and removed after it, so the rows never hold memory together.
 */
final class GuestMemoryRows {

    /** Issue 8: with 16 GiB of guest pages touched, the heap in use stays under 512 MiB. */
    static final long HEAP_TARGET = 512L << 20;
    private static final long MIB = 1L << 20;
    private final Table table;

    GuestMemoryRows(Table table) {
        this.table = table;
    }

    private static EmbeddedHost host(String name, int pcpus, long memoryMiB) {
        return EmbeddedRuntime.host(name, pcpus, memoryMiB);
    }

    private static EmbeddedDomain idle(EmbeddedHost host, String name, long memoryMiB, long fillMiB, long seed) {
        EmbeddedDomain d = host.define(DomainConfig.of(name, 1, memoryMiB).withWorkload(new WorkloadSpec(WorkloadKind.IDLE, fillMiB, 0, 0, seed)));
        d.start();
        return d;
    }

    private static void awaitBooted(EmbeddedDomain d) throws InterruptedException {
        while (!d.readConsole(4096).contains("Boot complete")) {
            Thread.sleep(1);
        }
    }

    /**
     * Null if one more guest like those started so far fits the heap, else why not: where guest pages
     * live on the Java heap, each guest grows it, and the row stops before the heap runs out instead
     * of taking the whole benchmark down.
     */
    private static String heapRoomForOneMore(ProcessMemory base, ProcessMemory now, int guestsSoFar) {
        if (guestsSoFar == 0) {
            return null;
        }
        long perGuest = Math.max(0, (now.heapUsed() - base.heapUsed()) / guestsSoFar);
        long next = now.heapUsed() + perGuest + perGuest / 4;
        if (next <= now.heapMax() * 85 / 100) {
            return null;
        }
        return String.format("guest pages live on the Java heap here (+%s of heap in use per guest); one more guest would take it "
                + "to ~%s of its %s max", ProcessMemory.mib(perGuest), ProcessMemory.mib(next), ProcessMemory.mib(now.heapMax()));
    }

    /** {@code count} idle domains of {@code domainMiB}, 1 MiB filled at boot, on one 8-pCPU host. */
    void idleDomains(int count, long domainMiB) throws InterruptedException {
        String hostName = "bench-storm";
        EmbeddedHost host;
        String what = "Boot storm: define + start " + count + " idle " + domainMiB + " MiB domains (1 MiB filled) on one 8-pCPU host";
        try {
            host = host(hostName, 8, count * domainMiB);
        } catch (RuntimeException e) {
            table.skipped(what, "< 5 s", "the host was refused: " + e.getMessage());
            return;
        }
        KeptRam.giveBackAll(); // native memory grows by what these domains touch, none of it kept from earlier rows
        ProcessMemory before = ProcessMemory.afterGc();
        List<EmbeddedDomain> domains = new ArrayList<>(count);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            domains.add(idle(host, "storm-" + i, domainMiB, 1, i));
        }
        long started = System.nanoTime() - t0;
        for (EmbeddedDomain d : domains) {
            awaitBooted(d);
        }
        long booted = System.nanoTime() - t0;
        int threads = PcpuClock.workers(host).size();
        ProcessMemory after = ProcessMemory.afterGc();
        long pages = domains.stream().mapToLong(d -> d.memory().touchedBytes()).sum();
        table.met(what, "< 5 s", String.format("%.2f s all started, %.2f s all booted; %d pCPU threads", started / 1e9, booted / 1e9, threads),
                booted < 5_000_000_000L);
        table.met("Heap and native memory with " + count + " idle domains booted (" + ProcessMemory.mib(pages) + " of guest pages touched)",
                "heap in use < 512 MiB", after.describe() + String.format("; before the domains: heap in use %s, native %s",
                        ProcessMemory.mib(before.heapUsed()), ProcessMemory.mib(before.nativeBytes())),
                after.heapUsed() < HEAP_TARGET);
        long grown = (after.heapUsed() - before.heapUsed()) + (after.nativeBytes() - before.nativeBytes());
        long overhead = (grown - pages) / count;
        table.met("Overhead per idle domain beyond its guest pages", "< 256 KiB", String.format(
                "%.1f KiB (heap +%s, native +%s, guest pages %s)", overhead / 1024.0, ProcessMemory.mib(after.heapUsed() - before.heapUsed()),
                ProcessMemory.mib(after.nativeBytes() - before.nativeBytes()), ProcessMemory.mib(pages)), overhead >= 0 && overhead < 256 * 1024);
        EmbeddedRuntime.remove(hostName);
        table.note("Boot storm", String.format("define and start %,d idle domains (%d MiB, 1 MiB filled at boot) on one host with 8 pCPUs "
                + "(%d worker threads), the host sized to their memory (%,d MiB: a domain's memory is reserved at start); \"booted\" = "
                + "every guest printed \"Boot complete\" on its console.", count, domainMiB, threads, count * domainMiB));
        table.note("Heap and native memory", "after three `System.gc()`: heap in use (the least of three readings) and committed from the "
                + "memory MXBean; native = resident anonymous memory (RssAnon in /proc/self/status) less the committed heap, i.e. what "
                + "the process keeps outside the heap (guest RAM where it lives off-heap, thread stacks, metaspace, code cache); "
                + (ProcessMemory.heapPreTouched() ? "exact here, the heap being pre-touched (-XX:+AlwaysPreTouch, so all of the "
                        + "committed heap is resident)" : "**understated** here: the heap is not pre-touched, so committed heap that is "
                        + "not resident is subtracted too") + ". Target from issue 8 (the heap does not grow with guest memory; "
                + "< 512 MiB with 16 GiB touched).");
        table.note("Overhead", String.format("what the process grew by with the %,d domains booted, on the heap and outside it, less their "
                + "touched guest pages (4 KiB each), divided by %,d: page tables, scheduler, vCPU, guest, console and clock objects. "
                + "A negative figure means the two readings disagree, and is not counted as met.", count, count));
    }

    /** {@code totalMiB} of guest pages touched: guests of {@code domainMiB}, each filled whole at boot. */
    void touched(long totalMiB, long domainMiB) throws InterruptedException {
        int guests = (int) Math.max(1, totalMiB / domainMiB);
        String hostName = "bench-touch";
        String what = String.format("Heap and native memory with %s of guest pages touched (%d guests of %s, filled)",
                gib(guests * domainMiB), guests, gib(domainMiB));
        EmbeddedHost host;
        try {
            host = host(hostName, 2, guests * domainMiB);
        } catch (RuntimeException e) {
            table.skipped(what, "heap in use < 512 MiB", "the host was refused: " + e.getMessage());
            return;
        }
        KeptRam.giveBackAll();
        ProcessMemory base = ProcessMemory.afterGc();
        ProcessMemory now = base;
        String stopped = null;
        int running = 0;
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < guests; i++) {
                stopped = heapRoomForOneMore(base, now, i);
                if (stopped != null) {
                    break;
                }
                awaitBooted(idle(host, "touch-" + i, domainMiB, domainMiB, i));
                running++;
                now = ProcessMemory.afterGc();
            }
        } catch (OutOfMemoryError e) {
            stopped = "out of Java heap while filling guest " + (running + 1);
            now = ProcessMemory.afterGc();
        }
        double fillSeconds = (System.nanoTime() - t0) / 1e9;
        long pages = host.domains().stream().filter(d -> d.memory() != null).mapToLong(d -> d.memory().touchedBytes()).sum();
        String measured = now.describe() + String.format("; before: heap in use %s, native %s; %s touched in %.1f s",
                ProcessMemory.mib(base.heapUsed()), ProcessMemory.mib(base.nativeBytes()), gib(pages / MIB), fillSeconds);
        if (stopped != null) {
            measured = "stopped at " + running + " of " + guests + " guests: " + stopped + "; " + measured;
        }
        table.met(what, "heap in use < 512 MiB", measured, stopped == null && now.heapUsed() < HEAP_TARGET);
        EmbeddedRuntime.remove(hostName);
        table.note("Guest pages touched", String.format("%d idle guests of %s on a 2-pCPU host sized to them, each filling all its memory "
                + "at boot, started one after the other; heap and native as above, before the first and after the last. Where the pages "
                + "live on the heap the row stops before the heap would run out (one more guest past 85%% of the max heap) and says so.",
                guests, gib(domainMiB)));
    }

    /** {@code guests} suspended guests of {@code guestMiB} ({@code fillMiB} filled) resumed one after the other. */
    void resume(int guests, long guestMiB, long fillMiB) throws Exception {
        String hostName = "bench-resume";
        String what = String.format("Resume %d suspended %s guests (%d MiB filled each), one after the other", guests, gib(guestMiB), fillMiB);
        EmbeddedHost host;
        try {
            host = host(hostName, 2, guests * guestMiB);
        } catch (RuntimeException e) {
            table.skipped(what, "(none in the issue)", "the host was refused: " + e.getMessage());
            return;
        }
        ProcessMemory base = ProcessMemory.afterGc();
        ProcessMemory now = base;
        String shortOf = null;
        List<EmbeddedDomain> domains = new ArrayList<>();
        for (int i = 0; i < guests; i++) {
            shortOf = heapRoomForOneMore(base, now, i);
            if (shortOf != null) {
                break;
            }
            EmbeddedDomain d = idle(host, "resume-" + i, guestMiB, fillMiB, i);
            awaitBooted(d);
            domains.add(d);
            now = ProcessMemory.afterGc();
        }
        long t0 = System.nanoTime();
        for (EmbeddedDomain d : domains) {
            d.suspend();
        }
        double suspendSeconds = (System.nanoTime() - t0) / 1e9;
        List<Path> files;
        try (Stream<Path> s = Files.list(host.directory())) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".suspend")).toList();
        }
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        double warm = readSeconds(files, false);
        double cold = readSeconds(files, true);
        t0 = System.nanoTime();
        for (EmbeddedDomain d : domains) {
            d.resume();
        }
        double resumeSeconds = (System.nanoTime() - t0) / 1e9;
        String measured = String.format("%.2f s for %s of suspend images (%.0f MB/s): %.2fx the disk's cold read of the same files "
                + "(%s), %.2fx their read from the page cache (%.2f s, %.0f MB/s); suspending them took %.2f s",
                resumeSeconds, ProcessMemory.mib(bytes), bytes / resumeSeconds / 1e6, resumeSeconds / cold,
                Double.isNaN(cold) ? "n/a" : String.format("%.2f s, %.0f MB/s", cold, bytes / cold / 1e6),
                resumeSeconds / warm, warm, bytes / warm / 1e6, suspendSeconds);
        if (shortOf != null) {
            measured = "only " + domains.size() + " of " + guests + " guests: " + shortOf + "; " + measured;
        }
        table.reported(what, measured);
        EmbeddedRuntime.remove(hostName);
        table.note("Resume", String.format("%d idle guests of %s, %d MiB filled at boot, on a 2-pCPU host sized to them, suspended one "
                + "after the other to the host's directory (%s), then resumed one after the other as at a console's start, each resume "
                + "reading its image, checking the memory checksum and the workload invariant, and running on. Beside it, the physical "
                + "limit, measured in the same run on the same files: read cold from the disk with O_DIRECT (no page cache), and warm "
                + "through the page cache the images were just written to, 8 MiB at a time.", guests, gib(guestMiB), fillMiB, host.directory()));
    }

    /** Seconds to read every byte of the files, through the page cache or around it (O_DIRECT); NaN if O_DIRECT is refused. */
    private static double readSeconds(List<Path> files, boolean direct) {
        ByteBuffer buffer = ByteBuffer.allocateDirect((8 << 20) + 4096).alignedSlice(4096);
        long t0 = System.nanoTime();
        try {
            for (Path f : files) {
                try (FileChannel ch = direct ? FileChannel.open(f, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)
                        : FileChannel.open(f, StandardOpenOption.READ)) {
                    long position = 0;
                    int n;
                    do {
                        buffer.clear();
                        n = ch.read(buffer, position);
                        position += Math.max(0, n);
                    } while (n == buffer.capacity());
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            System.out.println("cannot read " + (direct ? "with O_DIRECT" : "") + ": " + e.getMessage());
            return Double.NaN;
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String gib(long mib) {
        return mib % 1024 == 0 ? (mib / 1024) + " GiB" : mib + " MiB";
    }
}
