package org.xensv.hypervisor.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.xensv.hypervisor.api.CpuQos;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;
import org.xensv.hypervisor.embedded.EmbeddedDomain;
import org.xensv.hypervisor.embedded.EmbeddedHost;
import org.xensv.hypervisor.embedded.EmbeddedRuntime;
import org.xensv.hypervisor.embedded.net.Frame;
import org.xensv.hypervisor.embedded.net.Nic;

/**
 * Measures the embedded runtime against the targets of issue 3 and writes the table to
 * docs/benchmarks/runtime.md (or the path given as the first argument). A program, not a test: it
 * never fails a build on a wall clock. Run: see docs/benchmarks/runtime.md.
 */
public final class RuntimeBenchmark {

    private static final long MEASURE_NANOS = 5_000_000_000L;
    private final List<String[]> rows = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/benchmarks/runtime.md");
        var bench = new RuntimeBenchmark();
        bench.fairness();
        bench.cap();
        bench.nicRate();
        bench.dirtyRates();
        bench.bootStormAndOverhead(1000);
        bench.write(out);
        System.exit(0);
    }

    private void row(String what, String target, String measured, boolean met) {
        rows.add(new String[] {what, target, measured, met ? "met" : "**missed**"});
        System.out.printf("%-55s target %-22s measured %-40s %s%n", what, target, measured, met ? "met" : "MISSED");
    }

    private static DomainConfig burner(String name, int weight, int cap) {
        return DomainConfig.of(name, 1, 64)
                .withWorkload(new WorkloadSpec(WorkloadKind.CPU_BURN, 1, 0, 0, 1))
                .withCpuQos(new CpuQos(weight, cap));
    }

    private static EmbeddedDomain start(EmbeddedHost host, DomainConfig config) {
        EmbeddedDomain d = host.define(config);
        d.start();
        return d;
    }

    void fairness() throws InterruptedException {
        EmbeddedHost host = EmbeddedRuntime.host("bench-fair", 1, 4096);
        EmbeddedDomain light = start(host, burner("w256", 256, 0));
        EmbeddedDomain heavy = start(host, burner("w512", 512, 0));
        Thread.sleep(1000);
        long l0 = light.cpuTimeNanos();
        long h0 = heavy.cpuTimeNanos();
        Thread.sleep(MEASURE_NANOS / 1_000_000);
        double l = light.cpuTimeNanos() - l0;
        double h = heavy.cpuTimeNanos() - h0;
        double ratio = h / l;
        double error = Math.abs(ratio / 2.0 - 1);
        row("Fairness: weights 256 vs 512 on one pCPU (CPU-bound)", "1 : 2.00 (within 5%)",
                String.format("1 : %.3f (shares %.1f%% / %.1f%%, error %.1f%%)", ratio, 100 * l / (l + h), 100 * h / (l + h), 100 * error),
                error <= 0.05);
        EmbeddedRuntime.remove("bench-fair");
    }

    void cap() throws InterruptedException {
        EmbeddedHost host = EmbeddedRuntime.host("bench-cap", 1, 4096);
        EmbeddedDomain capped = start(host, burner("cap25", 256, 25));
        Thread.sleep(1000);
        long c0 = capped.cpuTimeNanos();
        long t0 = System.nanoTime();
        Thread.sleep(MEASURE_NANOS / 1_000_000);
        double share = (double) (capped.cpuTimeNanos() - c0) / (System.nanoTime() - t0);
        double error = Math.abs(share / 0.25 - 1);
        row("Cap: CPU-bound domain capped at 25%, pCPU otherwise idle", "25.0% (within 5%)",
                String.format("%.2f%% of one pCPU (error %.1f%%)", 100 * share, 100 * error), error <= 0.05);
        EmbeddedRuntime.remove("bench-cap");
    }

    void nicRate() throws InterruptedException {
        EmbeddedHost host = EmbeddedRuntime.host("bench-nic", 1, 4096);
        Nic sender = host.vswitch().attach(NicConfig.of("00:16:3e:00:00:01", 100).withRate("10Mb/s@50ms"));
        Nic sink = host.vswitch().attach(NicConfig.of("00:16:3e:00:00:02", 100));
        Thread blaster = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.nanoTime();
                while (sender.queued() < 32) {
                    sender.transmit(sink.mac(), Frame.MAX_LENGTH, now);
                }
                long next = sender.nextSendAt(now);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                sender.flush(System.nanoTime());
            }
        });
        Thread.sleep(500);
        long b0 = sink.counters().rxBytes();
        long t0 = System.nanoTime();
        Thread.sleep(MEASURE_NANOS / 1_000_000);
        long bytes = sink.counters().rxBytes() - b0;
        double seconds = (System.nanoTime() - t0) / 1e9;
        blaster.interrupt();
        double mbit = bytes * 8 / seconds / 1e6;
        double error = Math.abs(mbit / 10.0 - 1);
        row("NIC rate limit rate=10Mb/s@50ms, 1514-byte frames, saturated", "10.00 Mbit/s (within 5%)",
                String.format("%.2f Mbit/s (error %.1f%%)", mbit, 100 * error), error <= 0.05);
        EmbeddedRuntime.remove("bench-nic");
    }

    /** The dirty rates migration (issue 4) builds on: the default workloads in a 1 GiB guest. */
    void dirtyRates() throws InterruptedException {
        EmbeddedHost host = EmbeddedRuntime.host("bench-dirty", 2, 8192);
        for (WorkloadKind kind : List.of(WorkloadKind.WEB, WorkloadKind.DATABASE, WorkloadKind.STREAMER)) {
            WorkloadSpec spec = WorkloadSpec.defaults(kind);
            EmbeddedDomain d = start(host, DomainConfig.of(kind.name().toLowerCase(), 1, 1024).withWorkload(spec));
            long fill = spec.fillMiB() * 256;
            while (d.memory().pageWritesTotal() < fill) {
                Thread.sleep(10);
            }
            Thread.sleep(500);
            long w0 = d.memory().pageWritesTotal();
            long t0 = System.nanoTime();
            Thread.sleep(3000);
            double rate = (d.memory().pageWritesTotal() - w0) / ((System.nanoTime() - t0) / 1e9);
            if (spec.pagesPerSecond() > 0) {
                double error = Math.abs(rate / spec.pagesPerSecond() - 1);
                row("Dirty rate: " + kind.label() + " (1 GiB, 1 vCPU, defaults)",
                        String.format("%,d pages/s (within 5%%)", spec.pagesPerSecond()),
                        String.format("%,.0f pages/s (error %.1f%%)", rate, 100 * error), error <= 0.05);
            } else {
                row("Dirty rate: " + kind.label() + " (1 GiB, 1 vCPU, unthrottled)", "> 1 Gbit/s link (30,518 pages/s)",
                        String.format("%,.0f pages/s = %.1f Gbit/s", rate, rate * 4096 * 8 / 1e9), rate > 30_518);
            }
            d.hardShutdown();
        }
        EmbeddedRuntime.remove("bench-dirty");
    }

    void bootStormAndOverhead(int count) throws InterruptedException {
        EmbeddedHost host = EmbeddedRuntime.host("bench-storm", 8, 128 * 1024);
        long heapBefore = usedHeapAfterGc();
        List<EmbeddedDomain> domains = new ArrayList<>(count);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            DomainConfig config = DomainConfig.of("storm-" + i, 1, 64).withWorkload(new WorkloadSpec(WorkloadKind.IDLE, 1, 0, 0, i));
            domains.add(start(host, config));
        }
        long started = System.nanoTime() - t0;
        for (EmbeddedDomain d : domains) {
            while (!d.readConsole(4096).contains("Boot complete")) {
                Thread.sleep(1);
            }
        }
        long booted = System.nanoTime() - t0;
        long threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("xensv-bench-storm-pcpu")).count();
        long heapAfter = usedHeapAfterGc();
        long pages = domains.stream().mapToLong(d -> d.memory().touchedBytes()).sum();
        long overhead = (heapAfter - heapBefore - pages) / count;
        row("Boot storm: define + start " + count + " idle 64 MiB domains (1 MiB filled) on one 8-pCPU host",
                "< 5 s", String.format("%.2f s all started, %.2f s all booted", started / 1e9, booted / 1e9), booted < 5_000_000_000L);
        row("Boot storm: memory", "(reported)", String.format("%d MiB heap for %d MiB of guest pages; %d pCPU threads",
                (heapAfter - heapBefore) >> 20, pages >> 20, threads), true);
        row("Overhead per idle domain beyond its guest pages", "< 256 KiB",
                String.format("%.1f KiB", overhead / 1024.0), overhead < 256 * 1024);
        EmbeddedRuntime.remove("bench-storm");
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private void write(Path out) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Embedded runtime benchmark\n\n");
        md.append("Generated by `org.xensv.hypervisor.bench.RuntimeBenchmark` on ").append(LocalDate.now())
                .append(" (").append(Runtime.getRuntime().availableProcessors()).append(" hardware threads, Java ")
                .append(System.getProperty("java.version")).append(", max heap ")
                .append(Runtime.getRuntime().maxMemory() >> 20).append(" MiB).\n\n");
        md.append(String.format("System load average at the end of the run: %.1f (other builds share this machine; "
                + "a loaded host delays pCPU threads and timer wake-ups).%n%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        md.append("Run it with:\n\n```\nmvn -B -q -pl hypervisor test-compile exec:exec -Pbenchmark\n```\n\n");
        md.append("| Measure | Target | Measured | |\n|---|---|---|---|\n");
        for (String[] r : rows) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        md.append("""

                How each is measured:

                - **Fairness**: two CPU-bound guests on a 1-pCPU host, 1 s warm-up, then the CPU time each \
                actually ran (nanoseconds accounted by the scheduler) over 5 s.
                - **Cap**: one CPU-bound guest capped at 25% alone on a 1-pCPU host: its CPU time over 5 s of wall time.
                - **NIC**: a sender keeps the NIC's queue full of 1514-byte frames towards a sink NIC on the same \
                VLAN; bytes received by the sink over 5 s after a 0.5 s warm-up. 62,500 bytes of credit per 50 ms \
                carry 41 full frames (62,074 bytes), i.e. 9.93 Mbit/s in steady state; a 5 s window holds 100 or \
                101 refills depending on where it starts, hence up to +1% on top.
                - **Dirty rate**: page writes per second of one guest (1 GiB, defaults of issue 3/4) over 3 s \
                after boot, on a 2-pCPU host; the rate-limited workloads count pages/s on the domain clock.
                - **Boot storm**: define and start 1,000 idle domains (64 MiB, 1 MiB filled at boot) on one host \
                with 8 pCPUs (8 worker threads); "booted" = every guest printed "Boot complete" on its console.
                - **Overhead**: heap in use after GC with the 1,000 domains booted, minus the heap before and \
                minus their touched guest pages (4 KiB each), divided by 1,000. Includes page-table chunks, \
                array headers of the pages, scheduler, vCPU, guest, console and clock objects.
                """);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
        System.out.println("wrote " + out.toAbsolutePath());
    }
}
