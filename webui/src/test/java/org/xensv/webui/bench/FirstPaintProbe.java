package org.xensv.webui.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * Where the console's first paint goes: signs in to a running console, loads it a few times and
 * prints, per load, the browser's navigation timing (document, DOMContentLoaded, load), the time to
 * the inventory drawn (a host row with its counts), and the requests with their size and time. A
 * measuring program, not a test, for looking into a figure of docs/benchmarks/scale.md: with the
 * webui module's test classpath, {@code java -cp <classpath>:webui/target/test-classes
 * org.xensv.webui.bench.FirstPaintProbe <url> <user> <password> [loads]}; {@code PROBE_DUMP_UIDL=<file>}
 * keeps the largest answer of the server's in that file.
 */
public final class FirstPaintProbe {

    private FirstPaintProbe() {
    }

    public static void main(String[] args) {
        String base = args[0];
        int loads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            Browser chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(java.nio.file.Path.of(System.getenv().getOrDefault("XENSV_CHROMIUM", "/usr/bin/chromium")))
                    .setHeadless(true).setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu")));
            BrowserContext context = chromium.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900));
            Page page = context.newPage();
            page.setDefaultTimeout(120_000);
            page.navigate(base + "/login");
            page.locator("vaadin-login-form input[name='username']").fill(args[1]);
            page.locator("vaadin-login-form input[name='password']").fill(args[2]);
            long signIn = System.nanoTime();
            page.locator("vaadin-login-form input[name='password']").press("Enter");
            page.waitForURL(url -> !url.contains("/login"));
            page.locator("[data-host] .counts, [data-vm]").first().waitFor();
            print(page, "sign-in (from pressing Enter)", (System.nanoTime() - signIn) / 1_000_000);
            String dump = System.getenv("PROBE_DUMP_UIDL"); // a file to keep the largest server answer in
            if (dump != null) {
                page.onResponse(response -> {
                    if (response.url().contains("v-r=uidl")) {
                        try {
                            byte[] body = response.body();
                            java.nio.file.Path file = java.nio.file.Path.of(dump);
                            if (!java.nio.file.Files.exists(file) || java.nio.file.Files.size(file) < body.length) {
                                java.nio.file.Files.write(file, body);
                            }
                        } catch (java.io.IOException | RuntimeException e) {
                            System.out.println("    (answer not kept: " + e.getMessage() + ")");
                        }
                    }
                });
            }
            for (int i = 0; i < loads; i++) {
                long t0 = System.nanoTime();
                page.navigate(base + "/");
                page.locator("[data-host] .counts, [data-vm]").first().waitFor();
                long drawn = (System.nanoTime() - t0) / 1_000_000;
                print(page, "load " + (i + 1), drawn);
            }
        }
    }

    /** The browser's navigation and resource timing of the page as loaded last. */
    private static void print(Page page, String label, long drawn) {
        Object timing = page.evaluate("""
                () => {
                  const n = performance.getEntriesByType('navigation')[0];
                  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
                  const rows = performance.getEntriesByType('resource').map(r =>
                    [Math.round(r.startTime), Math.round(r.duration), r.transferSize, r.decodedBodySize,
                     r.name.replace(location.origin, '')]);
                  return {doc: Math.round(n.responseEnd), dcl: Math.round(n.domContentLoadedEventEnd),
                          load: Math.round(n.loadEventEnd), fcp: fcp ? Math.round(fcp.startTime) : -1,
                          docBytes: n.transferSize, rows};
                }""");
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) timing;
        System.out.printf(Locale.ROOT, "%s: inventory drawn %d ms; document %s ms, first contentful paint %s ms,"
                + " DOMContentLoaded %s ms, load %s ms%n", label, drawn, t.get("doc"), t.get("fcp"), t.get("dcl"), t.get("load"));
        long bytes = 0;
        long decoded = 0;
        @SuppressWarnings("unchecked")
        List<List<Object>> rows = (List<List<Object>>) t.get("rows");
        for (List<Object> r : rows) {
            bytes += ((Number) r.get(2)).longValue();
            decoded += ((Number) r.get(3)).longValue();
            System.out.printf(Locale.ROOT, "    at %5s ms  %5s ms  %9s B sent  %9s B  %s%n", r.get(0), r.get(1), r.get(2), r.get(3),
                    r.get(4).toString().length() > 110 ? r.get(4).toString().substring(0, 110) : r.get(4));
        }
        System.out.printf(Locale.ROOT, "    %d requests, %,d bytes over the wire, %,d decoded%n", rows.size(), bytes, decoded);
    }
}
