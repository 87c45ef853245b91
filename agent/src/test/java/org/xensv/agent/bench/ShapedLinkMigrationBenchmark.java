package org.xensv.agent.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.xensv.agent.shaped.LinkProbe;
import org.xensv.agent.shaped.LinkedNamespaces;
import org.xensv.agent.shaped.NamespacedJava;
import org.xensv.agent.shaped.ShapedLink;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.MemoryCheckReport;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;
import org.xensv.hypervisor.migration.MigrationEndpoint;
import org.xensv.hypervisor.migration.MigrationOptions;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.MemoryCheck;
import org.xensv.hypervisor.spi.Migration;

/**
 * Migrates 1 GiB guests running the default idle, web, database and streamer workloads between two
 * agent processes in two network namespaces joined by a veth pair shaped by {@code tbf}, with the
 * round-trip time from {@code DelayRelay}s: 1 Gbit/s at 1 ms and at 20 ms, and the fastest rate the
 * machine sustains at 0.2 ms (10 Gbit/s if it does): the lower of plain TCP over the veth and relay
 * and an idle guest's migration between the agents over it, unshaped. The runtime's limiter is off.
 * Writes its section at the end of docs/benchmarks/migration.md. Needs root. A program, not a test.
 *
 * <pre>args: OUT [--quick] [--only=web@1g@20ms,...]</pre>
 */
public final class ShapedLinkMigrationBenchmark {

    static final Duration DOWNTIME_TARGET = Duration.ofMillis(20);
    /**
     * What a migration waits for from the other end, each one round trip: the TCP connect and the TLS 1.3
     * handshake of the source's relay to the destination's gateway, the destination's ACCEPT of the
     * domain's config, and at the end the last round's ROUND_RECEIVED (before the pause) and RESUMED (after DONE and COMMIT, sent
     * together) for pre-copy, or
     * RESUMED (after SWITCHOVER) and COMPLETE (after the last page) for post-copy.
     */
    static final int PROTOCOL_ROUND_TRIPS = 5;
    static final long TEN_GBIT = 10_000_000_000L;
    static final int REPEAT = Integer.getInteger("benchmark.repeat", 3);
    static final List<WorkloadKind> WORKLOADS = List.of(WorkloadKind.IDLE, WorkloadKind.WEB, WorkloadKind.DATABASE, WorkloadKind.STREAMER);

    private final ShapedLink link;
    private final int repeat;
    private final List<String> rows = new ArrayList<>();
    private final List<String> missed = new ArrayList<>();
    private final List<String> linkNotes = new ArrayList<>();
    private int cells;
    private int serial;
    private long maxGcMillis;

    private ShapedLinkMigrationBenchmark(ShapedLink link, int repeat) {
        this.link = link;
        this.repeat = repeat;
    }

    record LinkRow(long bitsPerSec, Duration roundTrip) {
    }

    record Result(MigrationReport report, long nonZeroBytes, boolean intact, long crossedBytes, String failure) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 && !args[0].isBlank() && !args[0].equals("-") ? args[0] : "docs/benchmarks/migration.md");
        boolean quick = List.of(args).contains("--quick");
        String unavailable = LinkedNamespaces.unavailable();
        if (unavailable != null) {
            System.err.println("ShapedLinkMigrationBenchmark: " + unavailable);
            System.exit(2);
        }
        double loadAtStart = load();
        ShapedLink link = ShapedLink.start(2048, 1024);
        int code = 0;
        try {
            var bench = new ShapedLinkMigrationBenchmark(link, quick ? 1 : REPEAT);
            String only = List.of(args).stream().filter(a -> a.startsWith("--only=")).findFirst().orElse(null);
            if (only != null) {
                bench.probe(only.substring("--only=".length()));
            } else {
                bench.run(out, quick, loadAtStart);
            }
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.err.println(link.output());
            code = 1;
        } finally {
            link.close();
        }
        System.exit(code);
    }

    private void run(Path out, boolean quick, double loadAtStart) throws Exception {
        link.set(0, Duration.ofMillis(1));
        warmUp();
        double unshaped = measureLink(Duration.ofNanos(200_000));
        double migrating = migrationOverUnshapedLink();
        double sustained = Math.min(unshaped, migrating) * 8;
        long fastest = sustained >= TEN_GBIT ? TEN_GBIT : Math.max(1_000_000_000L, (long) (sustained / 500_000_000L) * 500_000_000L);
        linkNotes.add(String.format("unshaped veth with the relay at 0.2 ms: %s (plain TCP, best of 3); an idle guest's live migration "
                        + "between the two agents over it: %s (its stream's bytes over its total time, best of 2: TLS in both agents' relays, "
                        + "the delay relay, both runtimes and the guest share this machine's %d CPUs). So the fastest row is shaped to %s%s",
                rate(unshaped * 8), rate(migrating * 8), Runtime.getRuntime().availableProcessors(), rate(fastest),
                fastest == TEN_GBIT ? "" : ", the fastest a migration sustains here (10 Gbit/s is more than this machine carries through the agents)"));
        List<LinkRow> links = List.of(new LinkRow(1_000_000_000L, Duration.ofMillis(1)), new LinkRow(1_000_000_000L, Duration.ofMillis(20)),
                new LinkRow(fastest, Duration.ofNanos(200_000)));
        for (LinkRow row : links) {
            link.set(row.bitsPerSec, row.roundTrip);
            double plain = measureLink(row.roundTrip);
            linkNotes.add(String.format("%s at %s: plain TCP over it %s (%.0f%% of the rate)", rate(row.bitsPerSec), ms(row.roundTrip),
                    rate(plain * 8), plain * 8 * 100 / row.bitsPerSec));
            System.out.println(linkNotes.getLast());
            for (WorkloadKind kind : WORKLOADS) {
                cell(kind, row);
            }
        }
        ShapedLinkDoc.write(out, section(quick, loadAtStart, load()));
        System.out.println("wrote " + out);
    }

    /** {@code --only=web@1g@20ms,idle@10g@0.2ms@cold}: just those migrations, one line each, nothing written. */
    private void probe(String spec) throws Exception {
        for (String cell : spec.split(",")) {
            String[] p = cell.split("@");
            WorkloadKind kind = WorkloadKind.valueOf(p[0].toUpperCase());
            long bits = (long) (Double.parseDouble(p[1].replace("g", "")) * 1e9);
            Duration rtt = Duration.ofNanos((long) (Double.parseDouble(p[2].replace("ms", "")) * 1e6));
            link.set(bits, rtt);
            Result r = migrate(kind, p.length < 4 || !p[3].equals("cold"));
            if (r.failure != null) {
                System.out.println(cell + ": FAILED " + r.failure);
                continue;
            }
            MigrationReport m = r.report;
            System.out.printf("%s: total %.3f s (limit %.3f s), downtime %.1f ms, %d MiB on wire (%d MiB on the veth), rounds %d, %s, intact %s%n",
                    cell, m.totalTime().toNanos() / 1e9, limit(r.nonZeroBytes, new LinkRow(bits, rtt)), m.downtime().toNanos() / 1e6,
                    m.bytesOnWire() >> 20, r.crossedBytes >> 20, m.rounds(), mode(m), r.intact);
            m.roundReports().forEach(x -> System.out.println("    " + x));
        }
    }

    /** JIT warm-up of both agents, not measured: one live migration of each workload over the unshaped link. */
    private void warmUp() throws Exception {
        for (WorkloadKind kind : WORKLOADS) {
            Result r = migrate(kind, true);
            System.out.println("warm-up " + kind + ": " + (r.failure == null ? r.report.totalTime().toMillis() + " ms" : r.failure));
        }
    }

    /**
     * Bytes per second an idle guest's live migration sustains between the agents over the unshaped
     * link at 0.2 ms (best of 2): where the machine's CPUs, not the link, set the pace, a row shaped
     * faster than this would measure them rather than the protocol's use of the link.
     */
    private double migrationOverUnshapedLink() throws Exception {
        link.set(0, Duration.ofNanos(200_000));
        double best = 0;
        for (int i = 0; i < 2; i++) {
            Result r = migrate(WorkloadKind.IDLE, true);
            if (r.failure == null) {
                best = Math.max(best, r.report.bytesOnWire() / (r.report.totalTime().toNanos() / 1e9));
            }
        }
        return best > 0 ? best : Double.MAX_VALUE;
    }

    /** Plain TCP from a to b over the link as it is set now, through a delay relay of {@code roundTrip}: best of 3, 256 MiB each. */
    private double measureLink(Duration roundTrip) {
        LinkedNamespaces net = link.namespaces();
        try (NamespacedJava sink = LinkProbe.sink(net.nsB, net.linkB + ":9100");
             NamespacedJava relay = ShapedLink.startRelay("probe-relay", net.nsB, net.linkB + ":9101", net.linkB + ":9100",
                     roundTrip.toNanos() / 1000)) {
            return LinkProbe.measure(net.nsA, net.linkB + ":9101", 256L << 20, 3);
        }
    }

    private void cell(WorkloadKind kind, LinkRow row) throws Exception {
        double cellLoad = load(); // the machine is shared: how busy it was when the cell began
        List<Result> lives = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            lives.add(migrate(kind, true));
        }
        Result cold = migrate(kind, false);
        cells++;
        String label = kind.label() + " at " + rate(row.bitsPerSec) + ", " + ms(row.roundTrip);
        List<Result> ok = lives.stream().filter(r -> r.failure == null).sorted(Comparator.comparingLong(r -> r.report.totalTime().toNanos())).toList();
        if (ok.isEmpty() || cold.failure != null) {
            String why = ok.isEmpty() ? lives.getFirst().failure : cold.failure;
            missed.add(label + " (failed: " + why + ")");
            rows.add("| " + kind.label() + " | " + rate(row.bitsPerSec) + " | " + ms(row.roundTrip) + " | failed: " + why.replace('|', '/')
                    + " ||||||||||||| **NO** | **missed** |");
            System.out.println(rows.getLast());
            return;
        }
        Result live = ok.get(ok.size() / 2);
        boolean allIntact = lives.stream().allMatch(Result::intact) && cold.intact && ok.size() == lives.size();
        MigrationReport r = live.report;
        double limit = limit(live.nonZeroBytes, row);
        double transfer = live.nonZeroBytes / (row.bitsPerSec / 8.0);
        double rtt = row.roundTrip.toNanos() / 1e9;
        double total = r.totalTime().toNanos() / 1e9;
        double downtimeMs = r.downtime().toNanos() / 1e6;
        double totalTarget = 1.15 * transfer + PROTOCOL_ROUND_TRIPS * rtt;
        double downtimeTarget = DOWNTIME_TARGET.toMillis() + rtt * 1000;
        String targets = String.format("total %.2f s (<=%.2f s) %s; downtime %.1f ms (<%.1f ms) %s", total, totalTarget, met(total <= totalTarget),
                downtimeMs, downtimeTarget, met(downtimeMs < downtimeTarget));
        if (targets.contains("missed") || !allIntact) {
            missed.add(label + " (" + targets.replace("**", "") + (allIntact ? "" : "; NOT intact") + ")");
        }
        maxGcMillis = Math.max(maxGcMillis, r.gcPauseTime().toMillis());
        String range = ok.size() < 2 ? "" : String.format(" (%.2f–%.2f)", ok.getFirst().report.totalTime().toNanos() / 1e9,
                ok.getLast().report.totalTime().toNanos() / 1e9);
        rows.add(String.format("| %s | %s | %s | %s | %.1f ms | %.2f s%s | %.2fx | %s | %s | %d | %s | %s | %d ms | %.1f | %.2f s + %d × %s = %.2f s | %.1f ms / %.2f s | %s | %s |",
                kind.label(), rate(row.bitsPerSec), ms(row.roundTrip), mib(live.nonZeroBytes), downtimeMs, total, range, total / limit,
                mib(r.bytesOnWire()), mib(live.crossedBytes), r.rounds(), mode(r), slowed(r), r.gcPauseTime().toMillis(), cellLoad, transfer,
                PROTOCOL_ROUND_TRIPS, ms(row.roundTrip), limit, cold.report.downtime().toNanos() / 1e6, cold.report.totalTime().toNanos() / 1e9,
                allIntact ? "yes" : "**NO**", targets));
        System.out.println(rows.getLast());
    }

    static double limit(long nonZeroBytes, LinkRow row) {
        return nonZeroBytes / (row.bitsPerSec / 8.0) + PROTOCOL_ROUND_TRIPS * row.roundTrip.toNanos() / 1e9;
    }

    /** One migration a → b of a fresh 1 GiB guest with the workload's defaults, checked on b, then destroyed there. */
    private Result migrate(WorkloadKind kind, boolean live) throws Exception {
        try (HostConnection a = link.connectA(); HostConnection b = link.connectB()) {
            DomainConfig config = DomainConfig.of(kind.name().toLowerCase() + "-" + serial++, 1, 1024).withWorkload(WorkloadSpec.defaults(kind));
            try {
                a.lifecycle().define(config);
                a.lifecycle().start(config.uuid());
                Migration migration = a.require(Migration.class, "migration");
                long fill = WorkloadSpec.defaults(kind).fillMiB() << 20;
                long giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (migration.predict(config.uuid(), MigrationOptions.defaults()).nonZeroBytes() < fill) {
                    if (System.nanoTime() > giveUp) {
                        throw new IllegalStateException("the guest did not fill " + (fill >> 20) + " MiB within 2 minutes");
                    }
                    Thread.sleep(50);
                }
                Thread.sleep(1000); // the workload settles into its steady dirty rate
                MigrationEndpoint endpoint = b.require(Migration.class, "migration").receiveEndpoint();
                MigrationOptions options = MigrationOptions.defaults().withBandwidth(0).withDowntimeTarget(DOWNTIME_TARGET).withLive(live)
                        .withAutoConverge(true).withPostCopy(true);
                long before = link.namespaces().bytesSentAToB();
                MigrationReport report = migration.migrate(config.uuid(), endpoint, options, null).await();
                long crossed = link.namespaces().bytesSentAToB() - before;
                MemoryCheckReport check = b.require(MemoryCheck.class, "memory check").checkMemory(config.uuid());
                boolean gone = a.lifecycle().list().stream().noneMatch(d -> d.uuid().equals(config.uuid()));
                boolean running = b.lifecycle().info(config.uuid()).powerState() == PowerState.RUNNING;
                boolean intact = check.ok() && report.memoryChecksum() != 0 && gone && running && crossed >= report.bytesOnWire();
                if (!intact) {
                    System.out.println("NOT INTACT: invariant " + check.failures() + ", checksum " + report.memoryChecksum() + ", gone from a "
                            + gone + ", running on b " + running + ", veth " + crossed + " of " + report.bytesOnWire() + " bytes");
                }
                return new Result(report, report.prediction().nonZeroBytes(), intact, crossed, null);
            } catch (RuntimeException e) {
                System.out.println("migration of " + config.name() + " failed: " + e.getMessage());
                return new Result(null, 0, false, 0, String.valueOf(e.getMessage()));
            } finally {
                empty(a);
                empty(b);
                Thread.sleep(200);
            }
        }
    }

    private static void empty(HostConnection connection) {
        for (DomainInfo domain : connection.lifecycle().list()) {
            if (domain.powerState() != PowerState.HALTED) {
                connection.lifecycle().hardShutdown(domain.uuid());
            }
            connection.lifecycle().undefine(domain.uuid());
        }
    }

    private static String mode(MigrationReport r) {
        return switch (r.mode()) {
            case AUTO_CONVERGE -> "auto-converge (max " + r.maxThrottlePercent() + "%)";
            case POST_COPY -> "post-copy (" + r.pageRequests() + " faults)";
            case PRE_COPY -> "pre-copy";
            case STOP_AND_COPY -> "stop-and-copy";
        };
    }

    private static String slowed(MigrationReport r) {
        if (r.slowedTime().isZero()) {
            return "-";
        }
        return String.format("%.2f s %s", r.slowedTime().toNanos() / 1e9, r.pageWaitTime().isZero() ? "throttled" : "waiting for pages");
    }

    private static String met(boolean ok) {
        return ok ? "met" : "**missed**";
    }

    static String rate(double bitsPerSec) {
        return bitsPerSec >= 1e9 ? String.format("%.1f Gbit/s", bitsPerSec / 1e9).replace(".0 ", " ") : String.format("%.0f Mbit/s", bitsPerSec / 1e6);
    }

    static String ms(Duration d) {
        double ms = d.toNanos() / 1e6;
        return ms == Math.rint(ms) ? String.format("%.0f ms", ms) : String.format("%.1f ms", ms);
    }

    static String mib(long bytes) {
        return String.format("%.0f MiB", bytes / 1048576.0);
    }

    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private String section(boolean quick, double loadAtStart, double loadAtEnd) {
        var md = new StringBuilder("## Shaped links between agent processes\n\n");
        md.append("Measured ").append(LocalDate.now()).append(" by `org.xensv.agent.bench.ShapedLinkMigrationBenchmark` on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, Java ").append(Runtime.version())
                .append(quick ? " (`--quick`: one live run per cell)" : "").append(".\n\n");
        md.append("Run it (as root; about a quarter of an hour):\n\n```\n")
                .append("mvn -B -q -pl hypervisor,agent -Pbenchmark -Dexec.skip test-compile exec:exec \\\n")
                .append("    -Dbenchmark.main=org.xensv.agent.bench.ShapedLinkMigrationBenchmark \\\n")
                .append("    -Dbenchmark.out=$PWD/docs/benchmarks/migration.md            # add -Dbenchmark.args=--quick for one live run per cell\n```\n\n");
        md.append("Two agent processes (`xensv-agent`, 1 GiB heap, 2048 MiB of guest memory each), each in a network namespace of its own, ")
                .append("joined by a veth pair whose both ends have a `tbf` qdisc at the row's rate (burst 1 ms of it, at least 64 KiB; 20 ms of queue). ")
                .append("The kernel here has no `netem`, so the round-trip time comes from a `DelayRelay` in each namespace on the agent's link ")
                .append("address: it holds every chunk for half the round trip in each direction, in order, and a new connection's first bytes one ")
                .append("round trip more (the TCP connect); at most half the kernel's largest TCP receive window is held per direction. The relay ")
                .append("hands the stream to the agent's TLS migration gateway, so a migration goes: source runtime → its TLS relay → veth with ")
                .append("`tbf` → delay relay → destination's TLS gateway → destination runtime (`ShapedLink`). The console (this program, in the root ")
                .append("namespace) drives both agents over gRPC with mutual TLS on veths of their own; the agents have no route to each other but the ")
                .append("shaped link. The runtime's bandwidth limiter is off (the migration is unlimited; the qdisc is the link).\n\n");
        md.append("Each cell: a 1 GiB guest, 1 vCPU, the workload at its defaults (512 MiB filled; web 16 MiB hot set at 20,000 pages/s; ")
                .append("database 256 MiB at 50,000 pages/s; streamer over 256 MiB unthrottled), started on agent a, migrated to agent b once ")
                .append("filled and a second later. Live = pre-copy with a 20 ms downtime target, auto-converge and post-copy allowed (the policy ")
                .append("picks). Each cell: ").append(repeat).append(" live run").append(repeat == 1 ? "" : "s")
                .append(" (the row is the run with the median total time, (min–max) beside it) and one stop-and-copy run. ")
                .append("Downtime: pause on the source to RESUMED received back from the destination (the round trips included). ")
                .append("Physical limit: non-zero memory / the qdisc's rate + ").append(PROTOCOL_ROUND_TRIPS)
                .append(" round trips, what the protocol waits for from the other end: TCP connect, TLS 1.3 handshake, ACCEPT of the domain's ")
                .append("config, then the last round's ROUND_RECEIVED before the pause and RESUMED (pre-copy: DONE and COMMIT go together, ")
                .append("READY comes back with RESUMED) or RESUMED and COMPLETE (post-copy). Load: the 1-minute load average when the cell began ")
                .append("(the machine is shared; above its 2 CPUs, every process here waits for one). Intact: the workload invariant verified on ")
                .append("b (`MemoryCheck`: every page valid, generation sum = the vCPU's writes), the memory checksum b kept of what it received ")
                .append("equal to a's at the pause, the VM gone from a and running on b, and the shaped veth's byte counter a → b at least the ")
                .append("stream's bytes (column \"on the veth\": TCP/IP headers and TLS records included), for every run of the cell. GC pauses: ")
                .append("the source agent's JVM. Before the table: one unmeasured live migration of each workload over the unshaped link (JIT warm-up).\n\n");
        md.append("The links (plain TCP: `LinkProbe`, 256 MiB from a 1 MiB buffer through a delay relay of the row's round trip, connect to ")
                .append("the sink's answer):\n\n");
        linkNotes.forEach(n -> md.append("- ").append(n).append('\n'));
        md.append("\n| workload | link | round trip | non-zero | downtime | total | total / limit | bytes on wire | on the veth | rounds | mode | guest slowed | GC pauses | load | physical limit | stop-and-copy downtime / total | intact | targets |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        md.append("\nTargets (issue 12), computed per cell: total within 1.15x of non-zero memory / rate, plus the ").append(PROTOCOL_ROUND_TRIPS)
                .append(" round trips; downtime under 20 ms plus one round trip.\n\n");
        md.append("- ").append(cells - missed.size()).append(" of ").append(cells).append(" cells met every target")
                .append(missed.isEmpty() ? ".\n" : "; missed:\n");
        missed.forEach(m -> md.append("  - ").append(m).append('\n'));
        md.append("- GC pauses: at most ").append(maxGcMillis).append(" ms in any cell's median live run.\n");
        md.append(String.format("- Load average (1 min) at the start and the end of the run: %.2f and %.2f on %d CPUs (two agents, four relays ",
                loadAtStart, loadAtEnd, Runtime.getRuntime().availableProcessors())).append("and this program share them, and anything else running too).\n");
        return md.toString();
    }
}
