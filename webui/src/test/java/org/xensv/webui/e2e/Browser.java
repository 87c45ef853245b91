package org.xensv.webui.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

/** Headless Chromium from the system (no browser download), as CI installs it with apt. */
public final class Browser {

    private Browser() {
    }

    public static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    public static com.microsoft.playwright.Browser chromium(Playwright playwright) {
        Path executable = Path.of(System.getProperty("xensv.chromium",
                System.getenv().getOrDefault("XENSV_CHROMIUM", "/usr/bin/chromium")));
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("Chromium not found at " + executable
                    + ": install it (apt-get install chromium) or set XENSV_CHROMIUM");
        }
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(executable)
                .setHeadless(true)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    /**
     * Signs in through the login view as this user (the test admin unless given), so the browser context
     * carries the session cookie for the rest of the test.
     */
    public static void signIn(com.microsoft.playwright.Page page, int port, String user, String password) {
        submitSignIn(page, port, user, password);
        page.waitForURL(url -> !url.contains("/login"), new com.microsoft.playwright.Page.WaitForURLOptions().setTimeout(20_000));
    }

    /** Fills and submits the login form, without waiting for where it leads (a failure stays on the login page). */
    static void submitSignIn(com.microsoft.playwright.Page page, int port, String user, String password) {
        page.navigate("http://localhost:" + port + "/login");
        page.locator("vaadin-login-form input[name='username']").fill(user);
        page.locator("vaadin-login-form input[name='password']").fill(password);
        page.locator("vaadin-login-form input[name='password']").press("Enter");
    }

    static void signIn(com.microsoft.playwright.Page page, int port) {
        signIn(page, port, RestClient.ADMIN, RestClient.ADMIN_PASSWORD);
    }
}
