package org.xensv.webui.bench;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import org.xensv.webui.bench.ScaleBenchmark.Figures;

/** docs/benchmarks/scale.md from the measured figures: one row per figure, one column per size, the target and its verdict beside. */
final class ScaleTable {

    private ScaleTable() {
    }

    private record Line(String figure, Function<Figures, String> cell, String target, Predicate<Figures> met) {
    }

    private static final double MS = 1e6;

    static String markdown(List<Figures> sizes) {
        List<Line> lines = List.of(
                new Line("inventory first paint in Chromium: first load after a start (the console started with its inventory in the database), median of "
                        + ScaleBenchmark.STARTS + " starts (min–max)",
                        f -> ms(f.firstPaint()) + " (" + ms(java.util.Collections.min(f.startPaints())) + "–" + ms(java.util.Collections.max(f.startPaints())) + ")",
                        "< 1.5 s", f -> f.firstPaint() < 1500 * MS),
                new Line("of it, until the page's answer (which carries the view, drawn by the server) had arrived, median",
                        f -> ms(ScaleBenchmark.median(f.startAnswers())), "-", f -> true),
                new Line("inventory first paint in Chromium: first load on the console the generator has just filled (started empty, not restarted)",
                        f -> ms(f.filledPaint()), "< 1.5 s", f -> f.filledPaint() < 1500 * MS),
                new Line("of it, until the page's answer had arrived", f -> ms(f.filledAnswer()), "-", f -> true),
                new Line("inventory first paint, median of the next 3 loads", f -> ms(f.nextPaint()), "< 1.5 s", f -> f.nextPaint() < 1500 * MS),
                new Line("signing in on a console just restarted: from pressing Enter to the inventory drawn (the password check included)",
                        f -> ms(f.signInPaint()), "-", f -> true),
                new Line("search in the tree: one VM by name, answered in the browser (median of 3)", f -> ms(f.treeSearch()), "< 300 ms", f -> f.treeSearch() < 300 * MS),
                new Line("search in a pool's VMs grid: by tag, count shown (median of 3)", f -> ms(f.gridSearch()), "< 300 ms", f -> f.gridSearch() < 300 * MS),
                new Line("`GET /api/v1/vms`, every VM: first call", f -> ms(f.restAllFirst()), "< 500 ms", f -> f.restAllFirst() < 500 * MS),
                new Line("`GET /api/v1/vms`, every VM: median of the next 4", f -> ms(f.restAll()), "< 500 ms", f -> f.restAll() < 500 * MS),
                new Line("`GET /api/v1/vms?page=N&size=50&sort=name` (median of 20)", f -> ms(f.restPage()), "< 50 ms", f -> f.restPage() < 50 * MS),
                new Line("bulk start as one task (VMs asked: done / failed)", f -> String.format("%.1f s (%d: %d / %d)", f.bulkNanos() / 1e9,
                        f.bulkAsked(), f.bulkDone(), f.bulkFailed()), "-", f -> true),
                new Line("console heap in use at rest", f -> String.format("%d MiB", f.heapBytes() >> 20), "< 512 MiB", f -> f.heapBytes() < 512L << 20),
                new Line("console overhead 20 s after the generator's last call (the JVM less the guests' vCPUs; not yet at rest)",
                        f -> core(f.cpuAfterBurst().overhead()), "-", f -> true),
                new Line("of it, JIT compilation (compiling what the generator's burst made hot)", f -> core(f.cpuAfterBurst().jit()), "-", f -> true),
                new Line("console JVM's CPU at rest (30 s, " + ScaleBenchmark.SETTLED_AFTER_SECONDS + " s after the generator), all of it", f -> core(f.cpuAtRest().total()), "-", f -> true),
                new Line("of which the guests' vCPUs (the running guests, on the embedded hosts' pCPU threads)", f -> core(f.cpuAtRest().guests()), "-", f -> true),
                new Line("console overhead at rest: the JVM less the guests' vCPUs", f -> core(f.cpuAtRest().overhead()), "< 5%",
                        f -> f.cpuAtRest().overhead() < 0.05),
                new Line("of the overhead, JIT compilation", f -> core(f.cpuAtRest().jit()), "-", f -> true),
                new Line("generator: filling the console", f -> String.format("%.0f s", f.generateNanos() / 1e9), "-", f -> true));
        StringBuilder md = new StringBuilder("# Scale benchmark\n\n");
        md.append("Measured ").append(ScaleBenchmark.today()).append(" by `org.xensv.webui.bench.ScaleBenchmark` on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, Java ").append(Runtime.version()).append(".\n\n");
        md.append("Run it (each size starts its own console; the 10,000-VM size takes several minutes to generate):\n\n```\n")
                .append("mvn -B -q -pl webui -am -Pbenchmark -Dexec.skip -Dbenchmark.agent.skip test-compile exec:exec\n```\n\n");
        md.append("Each size: a console started by the README's run command (`bash scripts/run` from the repository root: the production jar, Vaadin in production mode) on a fresh H2 file, "
                + "with two settings changed so that the embedded memory budget holds the generated hosts and a thousand more running guests: "
                + "`XENSV_EMBEDDED_MEMORYMIB=64` (the three default hosts small) and `JAVA_TOOL_OPTIONS=-Xmx2g` (the budget is the machine's memory less the maximum heap). "
                + "It is filled by the documented generator (`scripts/generate-inventory.java`, docs/operations.md): embedded hosts of 194 MiB in pools of 20, "
                + "their VMs named for tier and environment, 16 to 32 MiB; on each host one running, one paused, one suspended, the rest halted; tagged `env=` and `tier=` by bulk tasks. "
                + "The hosts are embedded hosts inside the console's process behind the same driver SPI as agents (not agent processes). "
                + "Then, after 20 s: heap (the console's `jvm_memory_used_bytes{area=\"heap\"}`) and CPU (the console JVM's CPU time over 30 s, from the OS, "
                + "measured twice: 20 s after the generator's last call, when the JIT is still compiling what its burst of calls made hot, and at rest, " + ScaleBenchmark.SETTLED_AFTER_SECONDS + " s after it; "
                + "split by thread with `jcmd <pid> Thread.print`: the embedded hosts run inside the console's JVM, so the running guests' vCPUs, "
                + "on their hosts' pCPU threads, are counted apart from the console's own overhead, of which JIT compilation is shown too); "
                + "the REST list through an API token (HTTP Basic would add a password hash to every call), timed to its last byte with the body dropped, "
                + "after this program's own HTTP client has run over an 8 MiB answer from a server of its own (so its first call does not time the client's first run); "
                + "Chromium (headless): the login page loaded, then signed in by posting the login form with the browser's own requests (its session cookie, no view drawn before), "
                + "the time from navigating to the console to the first host row drawn with its VM counts, the first time the console's view is drawn since it started: "
                + "once on the console as the generator left it (started empty, its start-up warm-up done on an empty inventory), "
                + "and after a restart (stopped as Ctrl-C stops it, started by the same command on the same database; timed once its log says its start-up warm-up is done), "
                + "followed there by three more loads and the searches, then after " + (ScaleBenchmark.STARTS - 1) + " more restarts the same way, a new browser each time "
                + "(one first load is one sample, and the machine's CPUs are shared); "
                + "of a first load, when the page's answer had arrived (the navigation's `responseEnd`: the page carries the view, so this is the server drawing it; the rest is the browser's); "
                + "the tree's search: typing a VM's whole name into the inventory search until that row alone is shown; "
                + "the grid's search: a pool's VMs tab, typing `tag:tier=db` (and two others) until the grid's count shows the number the REST API gives; "
                + "signing in: the console restarted again the same way, "
                + "a new browser on the login page, from pressing Enter to the inventory drawn (this includes the password's hash check, about 80 ms, and the page's load); "
                + "bulk start: `POST /api/v1/vms/bulk` with the first 1,000 halted VMs by creation (about ten a host), until the task ends.\n\n");
        md.append("| figure |");
        sizes.forEach(f -> md.append(String.format(" %,d VMs, %d hosts |", f.size().vms(), f.size().hosts())));
        md.append(" target | verdict (largest size) |\n|---|");
        sizes.forEach(f -> md.append("---|"));
        md.append("---|---|\n");
        Figures largest = sizes.getLast();
        for (Line line : lines) {
            md.append("| ").append(line.figure()).append(" |");
            sizes.forEach(f -> md.append(' ').append(line.cell().apply(f)).append(" |"));
            md.append(' ').append(line.target()).append(" | ")
                    .append(line.target().equals("-") ? "-" : line.met().test(largest) ? "met" : "**missed**").append(" |\n");
        }
        md.append("\nLoad average (1 min) at the end of each size: ");
        sizes.forEach(f -> md.append(String.format("%,d VMs: %.2f; ", f.size().vms(), f.loadAverage())));
        md.append("on ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (anything else running shares them).\n");
        return md.toString();
    }

    private static String core(double fraction) {
        return String.format("%.1f%% of one core", fraction * 100);
    }

    private static String ms(long nanos) {
        return nanos >= 1_000_000_000L ? String.format("%.2f s", nanos / 1e9) : String.format("%.0f ms", nanos / MS);
    }
}
