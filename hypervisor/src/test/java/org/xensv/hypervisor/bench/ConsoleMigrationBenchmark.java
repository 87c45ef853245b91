package org.xensv.hypervisor.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.migration.MigrationOptions;
import org.xensv.hypervisor.migration.MigrationReport;

/**
 * Migration as the product runs it. For each workload (idle, web, database, streamer; 1 GiB, 512 MiB
 * filled, the New VM wizard's defaults otherwise) and link (1 Gbit/s, unlimited): start a console
 * with the README's run command ({@link ChildConsole}: default heap, nothing warmed up), create and
 * start the VM through the REST API, wait for its boot to finish, then migrate it with the Migrate
 * wizard's defaults (live, {@link MigrationOptions#DEFAULT_DOWNTIME} target, auto-converge on,
 * post-copy off) back and forth between two hosts: the first migration after the console started,
 * then the next ones. Each figure is read from the flight report the console stored. Beside each
 * cell, the in-process harness ({@link MigrationBenchmark}'s, warmed up) with the same options,
 * measured in the same run after every console has stopped. Writes its part of
 * docs/benchmarks/migration.md. A program, not a test.
 *
 * <p>Arguments: the output file ({@code -} for the default), then any of {@code --quick} (the next
 * two migrations instead of four, harness median of two), {@code --next=N},
 * {@code --workloads=idle,database}, {@code --links=1g,unlimited}.
 */
public final class ConsoleMigrationBenchmark {

    private static final List<WorkloadKind> WORKLOADS = List.of(WorkloadKind.IDLE, WorkloadKind.WEB, WorkloadKind.DATABASE,
            WorkloadKind.STREAMER);
    private static final Duration TARGET = MigrationOptions.DEFAULT_DOWNTIME;
    private static final double TOTAL_RATIO = 1.5;

    /** One migration as the console's flight report tells it. */
    record Run(String mode, double totalMs, double downtimeMs, double gcMs, double predictedTotalMs, double predictedDowntimeMs,
               boolean verified) {
    }

    /** One workload over one link: the console's runs (first, then the next ones) and the harness runs beside them. */
    record Cell(WorkloadKind kind, long mbps, Duration consoleStartup, List<Run> runs, List<MigrationBenchmark.Result> harness,
                String failure) {

        Run first() {
            return runs.isEmpty() ? null : runs.getFirst();
        }

        List<Run> next() {
            return runs.size() < 2 ? List.of() : runs.subList(1, runs.size());
        }
    }

    private final Path root;
    private final int next;
    private final int harnessRepeat;
    private final List<Cell> cells = new ArrayList<>();
    private final double loadAtStart = load();

    private ConsoleMigrationBenchmark(Path root, int next, int harnessRepeat) {
        this.root = root;
        this.next = next;
        this.harnessRepeat = harnessRepeat;
    }

    public static void main(String[] args) throws Exception {
        Path root = repositoryRoot();
        Path out = args.length > 0 && !args[0].isBlank() && !args[0].equals("-") ? Path.of(args[0])
                : root.resolve("docs/benchmarks/migration.md");
        List<String> flags = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            for (String flag : args[i].trim().split("\\s+")) { // -Dbenchmark.args="--quick --links=1g" arrives as one
                if (flag.startsWith("--")) { // the profile's default is "-": none
                    flags.add(flag);
                }
            }
        }
        boolean quick = flags.contains("--quick");
        int next = Integer.parseInt(option(flags, "--next", quick ? "2" : "4"));
        String only = option(flags, "--workloads", "");
        List<WorkloadKind> workloads = only.isBlank() ? WORKLOADS
                : List.of(only.split(",")).stream().map(w -> WorkloadKind.valueOf(w.strip().toUpperCase(Locale.ROOT))).toList();
        List<Long> links = List.of(option(flags, "--links", "1g,unlimited").split(",")).stream()
                .map(l -> l.strip().equals("1g") ? 1000L : l.strip().equals("unlimited") ? 0L : Long.parseLong(l.strip())).toList();

        var bench = new ConsoleMigrationBenchmark(root, next, quick ? 2 : MigrationBenchmark.REPEAT);
        for (long mbps : links) {
            for (WorkloadKind kind : workloads) {
                bench.consoleCell(kind, mbps);
            }
        }
        bench.harness();
        bench.write(out, flags);
        System.exit(0);
    }

    private static String option(List<String> flags, String name, String otherwise) {
        return flags.stream().filter(f -> f.startsWith(name + "=")).map(f -> f.substring(name.length() + 1)).findFirst().orElse(otherwise);
    }

    /** The directory holding the reactor's pom.xml and webui/ (exec:exec runs in hypervisor/). */
    private static Path repositoryRoot() {
        String given = System.getProperty("benchmark.root");
        Path dir = Path.of(given != null ? given : "").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("webui/pom.xml")) && Files.exists(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no xensv repository (pom.xml beside webui/) at or above " + dir + "; pass -Dbenchmark.root=");
    }

    // ---- through the console ---------------------------------------------------------------------

    private void consoleCell(WorkloadKind kind, long mbps) throws Exception {
        String name = kind.name().toLowerCase(Locale.ROOT) + "-bench";
        System.out.printf("%s at %s: starting a console...%n", kind.label(), linkName(mbps));
        List<Run> runs = new ArrayList<>();
        Duration startup = null;
        String failure = null;
        ChildConsole console = null;
        try {
            console = ChildConsole.start(root);
            startup = console.startup;
            System.out.printf("  console up on port %d in %.1f s (log %s)%n", console.port, startup.toMillis() / 1e3, console.log);
            List<Object> hosts = ChildConsole.list(console.get("/api/v1/hosts")).stream()
                    .filter(h -> "CONNECTED".equals(Json.string(h, "connection")))
                    .sorted(Comparator.comparing(h -> Json.string(h, "name"))).toList();
            String a = Json.string(hosts.get(0), "id");
            String b = Json.string(hosts.get(1), "id");
            Object created = console.post("/api/v1/vms", "{\"name\":" + Json.quote(name) + ",\"type\":\"PV\",\"vcpus\":1,\"memoryMiB\":1024,"
                    + "\"hostId\":\"" + a + "\",\"workload\":\"" + kind.name() + "\",\"start\":true}");
            String vm = Json.string(created, "vm.id");
            Object started = console.awaitTask(Json.at(created, "startTask"), Duration.ofMinutes(3));
            if (!"SUCCESS".equals(Json.string(started, "status"))) {
                throw new IllegalStateException("the VM did not start: " + Json.string(started, "errorMessage"));
            }
            awaitBoot(console, vm);
            Thread.sleep(1000); // the workload settles into its steady dirty rate (as in the harness)
            for (int i = 0; i <= next; i++) {
                String destination = i % 2 == 0 ? b : a;
                Run run = migrate(console, vm, destination, mbps);
                runs.add(run);
                System.out.printf("  %s: %s, total %.0f ms, downtime %.1f ms, GC pauses %.0f ms (predicted %.0f ms / %.1f ms)%n",
                        i == 0 ? "first" : "next " + i, run.mode, run.totalMs, run.downtimeMs, run.gcMs, run.predictedTotalMs,
                        run.predictedDowntimeMs);
                Thread.sleep(1000);
            }
            removeVm(console, vm);
        } catch (Exception e) {
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            System.out.println("  FAILED: " + failure + (console == null ? "" : " (console log " + console.log + ")"));
        } finally {
            if (console != null) {
                console.close();
                if (failure == null) {
                    console.deleteFiles();
                }
            }
        }
        cells.add(new Cell(kind, mbps, startup, runs, new ArrayList<>(), failure));
    }

    private static void awaitBoot(ChildConsole console, String vm) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!console.text("/api/v1/vms/" + vm + "/console?chars=65536").contains("Boot complete")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the VM did not finish booting within 3 min");
            }
            Thread.sleep(100);
        }
    }

    /** The Migrate wizard's defaults at this link, as its request: live, 300 ms, auto-converge, no post-copy. */
    private static Run migrate(ChildConsole console, String vm, String host, long mbps) throws Exception {
        String request = "{\"hostId\":\"" + host + "\",\"live\":true,\"bandwidthMbps\":" + mbps + ",\"downtimeTargetMs\":" + TARGET.toMillis()
                + ",\"postCopy\":false,\"autoConverge\":true}";
        Object task = console.post("/api/v1/vms/" + vm + "/migrate", request);
        Object done = console.awaitTask(task, Duration.ofMinutes(5));
        if (!"SUCCESS".equals(Json.string(done, "status"))) {
            throw new IllegalStateException("migration " + Json.string(done, "status") + ": " + Json.string(done, "errorMessage"));
        }
        Object flight = console.get("/api/v1/migrations/" + Json.string(task, "id"));
        console.await("VM running on its destination", "/api/v1/vms/" + vm,
                v -> host.equals(Json.string(v, "hostId")) && "RUNNING".equals(Json.string(v, "powerState")), Duration.ofMinutes(1));
        return new Run(Json.string(flight, "report.mode"), millis(Json.at(flight, "report.totalTime")),
                millis(Json.at(flight, "report.downtime")), millis(Json.at(flight, "report.gcPauseTime")),
                millis(Json.at(flight, "prediction.totalTime")), millis(Json.at(flight, "prediction.downtime")),
                Json.number(flight, "report.memoryChecksum") != 0); // 0: not checked
    }

    /** A Duration as Jackson writes it: seconds with a fraction (a number) or ISO-8601 ("PT0.538S"). */
    private static double millis(Object duration) {
        if (duration instanceof Double seconds) {
            return seconds * 1e3;
        }
        if (duration instanceof String iso) {
            return Duration.parse(iso).toNanos() / 1e6;
        }
        return Double.NaN;
    }

    /** Shut down and destroy the VM, so nothing of it outlives the console. */
    private static void removeVm(ChildConsole console, String vm) {
        try {
            console.awaitTask(console.post("/api/v1/vms/" + vm + "/hard-shutdown", ""), Duration.ofMinutes(1));
            console.awaitTask(console.delete("/api/v1/vms/" + vm), Duration.ofMinutes(1));
        } catch (Exception e) {
            System.out.println("  could not remove the VM: " + e.getMessage());
        }
    }

    // ---- the in-process harness beside it --------------------------------------------------------

    private void harness() throws Exception {
        System.out.println("harness: warming up...");
        var harness = new MigrationBenchmark();
        harness.warmUp();
        for (Cell cell : cells) {
            if (cell.failure != null) {
                continue;
            }
            MigrationOptions options = MigrationOptions.defaults().withBandwidth(cell.mbps * MigrationOptions.MBIT);
            for (int i = 0; i < harnessRepeat; i++) {
                cell.harness.add(harness.migrate(cell.kind, options));
            }
            MigrationReport m = median(cell.harness).report();
            System.out.printf("harness %s at %s: total %.0f ms, downtime %.1f ms, GC pauses %d ms%n", cell.kind.label(),
                    linkName(cell.mbps), m.totalTime().toNanos() / 1e6, m.downtime().toNanos() / 1e6, m.gcPauseTime().toMillis());
        }
    }

    private static MigrationBenchmark.Result median(List<MigrationBenchmark.Result> runs) {
        List<MigrationBenchmark.Result> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingLong(r -> r.report().totalTime().toNanos()));
        return sorted.get(sorted.size() / 2);
    }

    private static Run medianRun(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(Run::totalMs));
        return sorted.get(sorted.size() / 2);
    }

    // ---- the table -------------------------------------------------------------------------------

    private void write(Path out, List<String> flags) throws Exception {
        var md = new StringBuilder("## Through the console\n\n");
        md.append("Measured ").append(LocalDate.now()).append(" by `org.xensv.hypervisor.bench.ConsoleMigrationBenchmark` on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, Java ").append(Runtime.version())
                .append(flags.isEmpty() ? "" : " (`" + String.join(" ", flags) + "`)").append(".\n\n");
        md.append("Run it (each cell starts its own console: ~1 min per cell before its migrations):\n\n```\n")
                .append("mvn -B -q -pl hypervisor -Pbenchmark test-compile exec:exec \\\n")
                .append("    -Dbenchmark.main=org.xensv.hypervisor.bench.ConsoleMigrationBenchmark \\\n")
                .append("    -Dbenchmark.out=$PWD/docs/benchmarks/migration.md            # add -Dbenchmark.args=--quick for the next 2 instead of 4\n```\n\n");
        md.append("Each cell: a console started for it alone by the README's run command (`bash scripts/run`: the production jar, built first, from ")
                .append("the repository root, default heap, `PORT`, `SPRING_DATASOURCE_URL` (an H2 file in a temporary directory) and ")
                .append("`XENSV_EMBEDDED_DIRECTORY` (beside it) set so as not to clash, nothing warmed up by the benchmark). Through the REST API: a 1 GiB VM with the workload's defaults ")
                .append("(512 MiB filled) and the New VM wizard's (PV, 1 vCPU) on the first host, started; once its console says the boot ")
                .append("is complete and a second has passed, it is migrated with the Migrate wizard's defaults (live, ")
                .append(TARGET.toMillis()).append(" ms downtime target, auto-converge on, post-copy off) at the link's limit to the second host, ")
                .append("then back and forth ").append(next).append(" more times (a second between two). Each task is waited on as a script ")
                .append("would, with `GET /api/v1/tasks/{id}?waitSeconds=60`, which the console answers when the task has finished ")
                .append("(a poll every 100 ms would have the console answer ten requests a second on the CPUs the migration runs on). Every figure is the flight report ")
                .append("the console stored (`GET /api/v1/migrations/{task}`): total time, downtime, GC pauses (`gcPauseTime`: the ")
                .append("console JVM's stop-the-world collections while the migration ran) and what it predicted. First: the first ")
                .append("migration after the console started; next: the run with the median total time of the ").append(next)
                .append(" after it, (min–max) beside it. Harness: `MigrationBenchmark`'s in-process migration of the same guest with the ")
                .append("same options, in this program's JVM after ").append("every console had stopped, warmed up, median of ").append(harnessRepeat)
                .append(". Targets (issue 8): total within ").append(TOTAL_RATIO).append("x of the harness and downtime under the ")
                .append(TARGET.toMillis()).append(" ms target, for the first migration as for the next.\n\n");
        md.append("| workload | link | first: total / downtime / GC | next ").append(next).append(" (median): total / downtime / GC | ")
                .append("harness: total / downtime / GC | first / harness | next / harness | first predicted: total / downtime | mode (first, next) | checksum | targets |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<String> missed = new ArrayList<>();
        double maxFirstGc = 0;
        String firstPenalty = "–";
        double maxPenalty = Double.NEGATIVE_INFINITY;
        double maxNextGc = 0;
        for (Cell c : cells) {
            if (c.failure != null || c.first() == null || c.harness.isEmpty()) {
                md.append("| ").append(c.kind.label()).append(" | ").append(linkName(c.mbps)).append(" | **failed**: ")
                        .append(c.failure == null ? "no run" : c.failure.replace("|", "/")).append(" | | | | | | | | **missed** |\n");
                missed.add(c.kind.label() + " at " + linkName(c.mbps) + ": failed");
                continue;
            }
            Run first = c.first();
            Run nextMedian = c.next().isEmpty() ? null : medianRun(c.next());
            MigrationReport h = median(c.harness).report();
            double harnessMs = h.totalTime().toNanos() / 1e6;
            double firstRatio = first.totalMs / harnessMs;
            double nextRatio = nextMedian == null ? Double.NaN : nextMedian.totalMs / harnessMs;
            boolean firstOk = firstRatio <= TOTAL_RATIO && first.downtimeMs < TARGET.toMillis();
            boolean nextOk = nextMedian != null && nextRatio <= TOTAL_RATIO && c.next().stream().allMatch(r -> r.downtimeMs < TARGET.toMillis());
            boolean verified = c.runs.stream().allMatch(Run::verified);
            maxFirstGc = Math.max(maxFirstGc, first.gcMs);
            if (nextMedian != null) {
                double nextDowntime = c.next().stream().mapToDouble(Run::downtimeMs).sorted().toArray()[c.next().size() / 2];
                if (first.downtimeMs - nextDowntime > maxPenalty) {
                    maxPenalty = first.downtimeMs - nextDowntime;
                    firstPenalty = String.format(Locale.ROOT, "%.1f ms (%s at %s: %.1f ms against a median of %.1f ms)", maxPenalty,
                            c.kind.label(), linkName(c.mbps), first.downtimeMs, nextDowntime);
                }
            }
            maxNextGc = Math.max(maxNextGc, c.next().stream().mapToDouble(Run::gcMs).max().orElse(0));
            String targets = String.format(Locale.ROOT, "first: total %.2fx (<=%.1fx) %s, downtime <%d ms %s; next: total %s %s, downtime <%d ms (every run) %s",
                    firstRatio, TOTAL_RATIO, met(firstRatio <= TOTAL_RATIO), TARGET.toMillis(), met(first.downtimeMs < TARGET.toMillis()),
                    ratio(nextRatio), met(nextMedian != null && nextRatio <= TOTAL_RATIO), TARGET.toMillis(),
                    met(nextMedian != null && c.next().stream().allMatch(r -> r.downtimeMs < TARGET.toMillis())));
            if (!firstOk || !nextOk || !verified) {
                missed.add(c.kind.label() + " at " + linkName(c.mbps) + " (" + targets.replace("**", "") + (verified ? "" : "; checksum not verified") + ")");
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s%s | %.2f s / %.1f ms / %d ms | %.2fx | %s | %.2f s / %.1f ms | %s, %s | %s | %s |%n",
                    c.kind.label(), linkName(c.mbps), triple(first), nextMedian == null ? "–" : triple(nextMedian), range(c.next()),
                    harnessMs / 1e3, h.downtime().toNanos() / 1e6, h.gcPauseTime().toMillis(), firstRatio, ratio(nextRatio),
                    first.predictedTotalMs / 1e3, first.predictedDowntimeMs, mode(first.mode), nextMedian == null ? "–" : mode(nextMedian.mode),
                    verified ? "verified" : "**not verified**", targets));
        }
        md.append('\n');
        int measured = cells.size();
        md.append("- ").append(measured - missed.size()).append(" of ").append(measured).append(" cells met every target")
                .append(missed.isEmpty() ? ".\n" : "; missed:\n");
        missed.forEach(m -> md.append("  - ").append(m).append('\n'));
        md.append("- The first migration's downtime beyond the median downtime of the next ones, at most: ").append(firstPenalty).append(".\n");
        md.append(String.format(Locale.ROOT, "- GC pauses during a migration: at most %.0f ms in a first migration, %.0f ms in a later one.%n",
                maxFirstGc, maxNextGc));
        md.append(String.format(Locale.ROOT, "- Console start (command to the API answering, the reactor's up-to-date check included): %s.%n",
                cells.stream().filter(c -> c.consoleStartup != null).map(c -> String.format(Locale.ROOT, "%.0f s", c.consoleStartup.toMillis() / 1e3))
                        .reduce((x, y) -> x + ", " + y).orElse("–")));
        md.append(String.format(Locale.ROOT, "- Load average (1 min) at the start and the end of the run: %.2f and %.2f on %d CPUs ",
                loadAtStart, load(), Runtime.getRuntime().availableProcessors()))
                .append("(the console, its guests and this program share them, and anything else running too).\n");
        MigrationDoc.writeConsole(out, md.toString());
        System.out.println(md);
        System.out.println("wrote " + out);
    }

    private static String triple(Run r) {
        return String.format(Locale.ROOT, "%.2f s / %.1f ms / %.0f ms", r.totalMs / 1e3, r.downtimeMs, r.gcMs);
    }

    private static String range(List<Run> runs) {
        if (runs.size() < 2) {
            return "";
        }
        double min = runs.stream().mapToDouble(Run::totalMs).min().orElse(0) / 1e3;
        double max = runs.stream().mapToDouble(Run::totalMs).max().orElse(0) / 1e3;
        return String.format(Locale.ROOT, " (%.2f–%.2f s)", min, max);
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "–" : String.format(Locale.ROOT, "%.2fx", r);
    }

    private static String mode(String mode) {
        return mode == null ? "?" : mode.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String met(boolean ok) {
        return ok ? "met" : "**missed**";
    }

    private static String linkName(long mbps) {
        return MigrationBenchmark.linkName(mbps * MigrationOptions.MBIT);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
