package org.xensv.webui.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.xensv.webui.e2e.Browser;
import tools.jackson.databind.JsonNode;

/**
 * The console at scale, measured as a user runs it: for each size (10,000 VMs on 100 hosts, and 100
 * VMs on 10 hosts beside it), a console started by the README's run command, filled by the
 * documented generator ({@code scripts/generate-inventory.java}), then measured: the inventory's
 * first paint in Chromium, a search answered in the tree and in the VMs grid, the REST list whole and
 * one page, a bulk start of up to 1,000 VMs, and the console's heap and CPU at rest (the console's
 * own beside what its running guests' vCPUs use: the embedded hosts run inside its JVM). Writes
 * docs/benchmarks/scale.md. A program, not a test:
 *
 * <pre>mvn -B -q -pl webui -am -Pbenchmark -Dexec.skip -Dbenchmark.agent.skip test-compile exec:exec</pre>
 */
public final class ScaleBenchmark {

    record Size(int hosts, int vms) {
    }

    /** One size's figures (nanoseconds; bytes for the heap; a fraction of one core for CPU). */
    record Figures(Size size, long generateNanos, List<Long> startPaints, List<Long> startAnswers, long filledPaint, long filledAnswer, long nextPaint, long signInPaint, long treeSearch, long gridSearch,
                   long restAllFirst, long restAll, long restPage, int bulkAsked, int bulkDone, int bulkFailed, long bulkNanos,
                   long heapBytes, Cpu cpuAfterBurst, Cpu cpuAtRest, double loadAverage) {

        /** The first load after each start: the median of them. */
        long firstPaint() {
            return median(startPaints);
        }
    }

    /**
     * The console JVM's CPU at rest, each a fraction of one core: all of it, what of it the running
     * guests' vCPUs used (the embedded hosts' pCPU threads), and what of it JIT compilation used.
     */
    record Cpu(double total, double guests, double jit) {

        /** The console's own: the JVM less its guests' vCPUs. */
        double overhead() {
            return total - guests;
        }
    }

    /**
     * One browser's figures: its first load and when that load's page answer (which carries the view) had
     * arrived, from the navigation's start; unless only the first load was asked for, the median of 3
     * more, the tree's search and the grid's search (else 0).
     */
    private record Loads(long firstPaint, long firstAnswer, long nextPaint, long treeSearch, long gridSearch) {
    }

    private static final long MS = 1_000_000L;
    /** When the console counts as at rest: this long after the generator's last call. */
    static final int SETTLED_AFTER_SECONDS = 120;
    /** Starts on the same database whose first load is timed: the table gives their median and range. */
    static final int STARTS = 5;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 && !args[0].isBlank() && !args[0].equals("-") ? args[0] : "docs/benchmarks/scale.md");
        Path root = Path.of(System.getProperty("maven.multiModuleProjectDirectory", System.getProperty("user.dir")));
        if (!Files.exists(root.resolve("scripts/generate-inventory.java"))) {
            root = root.getParent();
        }
        List<Size> sizes = List.of(new Size(10, 100), new Size(100, 10_000));
        if (args.length > 1 && args[1].startsWith("--sizes=")) {
            sizes = new ArrayList<>();
            for (String s : args[1].substring("--sizes=".length()).split(",")) {
                String[] hv = s.split("x");
                sizes.add(new Size(Integer.parseInt(hv[0]), Integer.parseInt(hv[1])));
            }
        }
        List<Figures> rows = new ArrayList<>();
        for (Size size : sizes) {
            rows.add(measure(root, size));
            System.out.println(rows.getLast());
        }
        Files.writeString(out, ScaleTable.markdown(rows));
        System.out.println("wrote " + out);
        System.exit(0);
    }

    static Figures measure(Path root, Size size) throws Exception {
        System.out.println("== " + size.vms() + " VMs on " + size.hosts() + " hosts: starting a console");
        // small default hosts and a 2 GiB heap leave the embedded memory budget room for the generated
        // hosts and for a thousand more running guests (docs/benchmarks/scale.md says so beside the table)
        try (ScaleConsole console = ScaleConsole.start(root, Map.of("XENSV_EMBEDDED_MEMORYMIB", "64", "JAVA_TOOL_OPTIONS", "-Xmx2g"))) {
            long generate = generate(root, console, size);
            System.out.println("generated in " + generate / MS / 1000 + " s; settling");
            long generated = System.nanoTime();
            Thread.sleep(20_000);
            long heap = heapUsed(console);
            Cpu afterBurst = cpuAtRest(console, Duration.ofSeconds(30));
            // at rest: once the JIT has compiled what the generator's burst of calls made hot
            Thread.sleep(Math.max(0, Duration.ofSeconds(SETTLED_AFTER_SECONDS).toMillis() - (System.nanoTime() - generated) / MS));
            Cpu cpu = cpuAtRest(console, Duration.ofSeconds(30));

            console.warmClient(8 << 20);
            List<Long> all = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                all.add(console.timeGet("/api/v1/vms"));
            }
            List<Long> page = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                page.add(console.timeGet("/api/v1/vms?page=" + (i % 4) + "&size=50&sort=name"));
            }

            Loads filled = browser(console, size, false);
            System.out.println("restarting the console to time its first view after a start");
            console.restart();
            Loads browser = browser(console, size, true);
            // one first load is one sample on a shared machine: the first load after each of STARTS starts
            List<Long> startPaints = new ArrayList<>(List.of(browser.firstPaint()));
            List<Long> startAnswers = new ArrayList<>(List.of(browser.firstAnswer()));
            for (int i = 1; i < STARTS; i++) {
                System.out.println("restarting the console to time its first view after a start (" + (i + 1) + " of " + STARTS + ")");
                console.restart();
                Loads again = browser(console, size, false);
                startPaints.add(again.firstPaint());
                startAnswers.add(again.firstAnswer());
            }
            System.out.println("restarting the console to time a sign-in on it");
            console.restart();
            long signIn = signInPaint(console);

            JsonNode halted = console.get("/api/v1/vms?state=halted&sort=created&size=" + Math.min(1000, size.vms())).body();
            List<String> ids = new ArrayList<>();
            halted.forEach(vm -> ids.add("\"" + vm.get("id").asString() + "\""));
            long t0 = System.nanoTime();
            JsonNode task = console.post("/api/v1/vms/bulk", "{\"action\":\"start\",\"vmIds\":[" + String.join(",", ids) + "]}");
            JsonNode done = console.awaitTask(task.get("id").asString());
            long bulkNanos = System.nanoTime() - t0;
            JsonNode result = tools.jackson.databind.json.JsonMapper.builder().build().readTree(done.get("result").asString());
            return new Figures(size, generate, startPaints, startAnswers, filled.firstPaint(), filled.firstAnswer(), browser.nextPaint(), signIn,
                    browser.treeSearch(), browser.gridSearch(),
                    all.getFirst(), median(all.subList(1, all.size())), median(page), ids.size(),
                    result.get("done").asInt(), result.get("failed").asInt(), bulkNanos, heap, afterBurst, cpu, loadAverage());
        }
    }

    private static long generate(Path root, ScaleConsole console, Size size) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "scripts/generate-inventory.java", "--url=" + console.base(),
                "--hosts=" + size.hosts(), "--vms=" + size.vms(), "--pools=" + Math.max(1, size.hosts() / 20),
                "--host-memory-mib=194", "--running=1", "--paused=1", "--suspended=1")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(console.directory.resolve("generator.log").toFile());
        builder.environment().put("XENSV_ADMIN_USERNAME", ScaleConsole.ADMIN);
        builder.environment().put("XENSV_ADMIN_PASSWORD", ScaleConsole.ADMIN_PASSWORD);
        long t0 = System.nanoTime();
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IOException("the generator failed (" + exit + "): " + Files.readString(console.directory.resolve("generator.log")));
        }
        return System.nanoTime() - t0;
    }

    /** The first paint (the first time the console's view is drawn since it started) and, with {@code all}, the rest of {@link Loads}. */
    private static Loads browser(ScaleConsole console, Size size, boolean all) throws IOException, InterruptedException {
        try (Playwright playwright = Browser.playwright()) {
            com.microsoft.playwright.Browser chromium = Browser.chromium(playwright);
            BrowserContext context = chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1440, 900));
            Page page = context.newPage();
            page.setDefaultTimeout(120_000);
            // as an admin does: the login page first (the browser has the console's scripts from it), then signed in
            page.navigate(console.base() + "/login");
            page.locator("vaadin-login-form input[name='username']").waitFor();
            signInWithoutView(context, console.base());
            List<Long> paints = new ArrayList<>();
            long answer = 0;
            for (int i = 0; i < (all ? 4 : 1); i++) {
                long t0 = System.nanoTime();
                page.navigate(console.base() + "/");
                inventoryDrawn(page);
                paints.add(System.nanoTime() - t0);
                if (i == 0) {
                    // the page's answer, which carries the view: how much of the first load was the server's
                    answer = Math.round(((Number) page.evaluate("() => performance.getEntriesByType('navigation')[0].responseEnd")).doubleValue() * MS);
                }
            }
            if (!all) {
                return new Loads(paints.getFirst(), answer, 0, 0, 0);
            }

            List<Long> treeSearches = new ArrayList<>();
            long databases = console.get("/api/v1/vms?q=gen-db&size=1").total();
            for (int i = 1; i <= 3; i++) {
                String name = console.get("/api/v1/vms?q=gen-db&sort=name&size=1&page=" + (databases * i / 4)).body().get(0).get("name").asString();
                long t0 = System.nanoTime();
                page.locator("#inventory-filter input").fill(name);
                while (page.locator("[data-vm]:visible").count() != 1 || page.locator("[data-vm='" + name + "']:visible").count() != 1) {
                    Thread.sleep(5);
                }
                treeSearches.add(System.nanoTime() - t0);
            }
            page.locator("#inventory-filter input").fill("");
            while (page.locator("[data-host]:visible").count() < 2) {
                Thread.sleep(20);
            }

            com.microsoft.playwright.Locator pool = page.locator("[data-pool]:visible").first();
            while (page.locator("#tab-vms").count() == 0) { // a click the tree's redraw took is clicked again
                pool.click();
                Thread.sleep(500);
            }
            page.locator("#tab-vms").click();
            page.locator("#vm-grid-count").waitFor();
            String poolId = console.get("/api/v1/pools").body().valueStream()
                    .filter(p -> p.get("name").asString().equals(pool.getAttribute("data-pool")))
                    .findFirst().orElseThrow().get("id").asString();
            List<Long> gridSearches = new ArrayList<>();
            for (String tag : List.of("tier=db", "env=staging", "tier=cache")) {
                long expected = console.get("/api/v1/vms?size=1&pool=" + poolId + "&tag=" + tag).total();
                String text = String.format("%,d VMs", expected);
                long t0 = System.nanoTime();
                page.locator("#vm-grid-search input").fill("tag:" + tag);
                while (!text.equals(page.locator("#vm-grid-count").textContent())) {
                    Thread.sleep(5);
                }
                gridSearches.add(System.nanoTime() - t0);
            }
            return new Loads(paints.getFirst(), answer, median(paints.subList(1, paints.size())), median(treeSearches), median(gridSearches));
        }
    }

    /**
     * Signs this browser context in as the login form does (its form posted, with the page's CSRF
     * token), but with requests of the context's own: the session cookie is the browser's, and no view
     * is drawn, so the first navigation to the console is the first time its view is drawn.
     */
    private static void signInWithoutView(BrowserContext context, String base) {
        String loginPage = context.request().get(base + "/login").text();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"").matcher(loginPage);
        com.microsoft.playwright.options.FormData form = com.microsoft.playwright.options.FormData.create()
                .set("username", ScaleConsole.ADMIN).set("password", ScaleConsole.ADMIN_PASSWORD);
        if (csrf.find()) {
            form.set("_csrf", csrf.group(1));
        }
        com.microsoft.playwright.APIResponse answer = context.request().post(base + "/login",
                com.microsoft.playwright.options.RequestOptions.create().setForm(form).setMaxRedirects(0));
        String location = answer.headers().getOrDefault("location", "");
        if (answer.status() != 302 || location.contains("error") || location.contains("/login")) {
            throw new IllegalStateException("signing in answered " + answer.status() + " to " + location);
        }
    }

    /** The inventory drawn: a host's row with its counts (a host of more than InventoryTree.OPEN_UP_TO VMs stays closed). */
    private static void inventoryDrawn(Page page) {
        page.locator("[data-host] .counts").first().waitFor();
    }

    /**
     * Signing in on a console just started (its start-up warm-up done): from pressing Enter in the
     * login form (the password checked, the session made, the console's page loaded) to the inventory drawn.
     */
    private static long signInPaint(ScaleConsole console) {
        try (Playwright playwright = Browser.playwright()) {
            com.microsoft.playwright.Browser chromium = Browser.chromium(playwright);
            Page page = chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1440, 900)).newPage();
            page.setDefaultTimeout(120_000);
            page.navigate(console.base() + "/login");
            page.locator("vaadin-login-form input[name='username']").fill(ScaleConsole.ADMIN);
            page.locator("vaadin-login-form input[name='password']").fill(ScaleConsole.ADMIN_PASSWORD);
            long t0 = System.nanoTime();
            page.locator("vaadin-login-form input[name='password']").press("Enter");
            inventoryDrawn(page);
            return System.nanoTime() - t0;
        }
    }

    /** The heap in use, from the console's own meters (every heap pool's used bytes). */
    private static long heapUsed(ScaleConsole console) throws IOException, InterruptedException {
        double sum = 0;
        for (String line : console.text("/actuator/prometheus").split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    /**
     * CPU the console's JVM used over {@code window} at rest, as fractions of one core: the whole
     * process (the OS's count), and by thread (jcmd's) the guests' vCPUs and JIT compilation.
     */
    private static Cpu cpuAtRest(ScaleConsole console, Duration window) throws InterruptedException, IOException {
        ProcessHandle app = console.application().orElseThrow(() -> new IllegalStateException("the console's JVM is not among Maven's children"));
        Map<String, Double> threadsBefore = ThreadCpu.of(app);
        Duration before = app.info().totalCpuDuration().orElse(Duration.ZERO);
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        Duration after = app.info().totalCpuDuration().orElse(Duration.ZERO);
        double wall = System.nanoTime() - t0;
        Map<String, Double> threadsAfter = ThreadCpu.of(app);
        return new Cpu(after.minus(before).toNanos() / wall, ThreadCpu.guests(threadsBefore, threadsAfter) * MS / wall,
                ThreadCpu.jit(threadsBefore, threadsAfter) * MS / wall);
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    static String today() {
        return LocalDate.now().toString();
    }
}
