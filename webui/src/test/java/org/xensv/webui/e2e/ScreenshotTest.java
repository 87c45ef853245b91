package org.xensv.webui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Path;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Not part of the suite: draws the README's screenshot of a console with a few VMs. Run with
 * {@code mvn -pl webui -am test -Dtest=ScreenshotTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dxensv.screenshot=$PWD/docs/screenshot.png}; pictures of the wizard go to target/.
 */
@EnabledIfSystemProperty(named = "xensv.screenshot", matches = ".+")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:shot-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=host-",
        "xensv.embedded.hosts=3",
        "vaadin.devmode.devTools.enabled=false",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory="
})
class ScreenshotTest {

    @LocalServerPort
    int port;

    @Test
    void consoleWithAFewVms() {
        Path target = Path.of(System.getProperty("xensv.screenshot"));
        RestClient api = new RestClient(port);
        try (Playwright playwright = Browser.playwright()) {
            PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
            Page page = Browser.chromium(playwright).newContext(
                    new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1440, 860)).newPage();
            Browser.signIn(page, port);
            page.navigate("http://localhost:" + port + "/");
            api.createVm("web-01", true, 1024, null, "WEB");
            api.createVm("web-02", true);
            String db = api.createVm("db-01", true, 1024, null, "DATABASE");
            api.createVm("build-agent", false);
            String cache = api.createVm("cache-01", true);
            api.createVm("mail-01", true);
            api.operate(db, "pause");
            api.operate(cache, "suspend");
            assertThat(page.locator("[data-vm='db-01']:visible .state")).hasText("paused");
            assertThat(page.locator("[data-vm='cache-01']:visible .state")).hasText("suspended");
            page.locator("[data-vm='web-01']:visible").click();
            assertThat(page.locator("#vm-power-state")).hasText("running");
            page.locator("#tab-performance").click();
            assertThat(page.locator("#vm-performance polyline").first()).isAttached();
            page.waitForTimeout(25_000); // let the live charts draw a few seconds of history for the picture
            page.mouse().move(700, 5);
            idle(page);
            page.screenshot(new Page.ScreenshotOptions().setPath(target));
            page.locator("#tab-console").click();
            assertThat(page.locator("#serial-console")).containsText("Boot complete");
            idle(page);
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "console-tab.png")));
            page.locator("#tab-general").click();

            page.locator("#new-vm").click();

            page.locator("#wizard-next").click(); // the Template step: a blank VM
            page.locator("#wizard-name input").fill("app-01");
            page.locator("#wizard-next").click();
            page.locator("#wizard-memory input").fill("abc");
            page.locator("#wizard-next").click();
            assertThat(page.locator("#wizard-memory")).hasAttribute("invalid", "");
            idle(page);
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "wizard-error.png")));
            page.locator("#wizard-memory input").fill("2048");
            page.locator("#wizard-next").click();
            page.locator("#wizard-next").click();
            Locator summary = page.locator("#wizard-summary");
            assertThat(summary).containsText("app-01");
            idle(page);
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "wizard-summary.png")));
        }
    }

    /** Waits until Vaadin's loading bar is gone, so the picture shows a settled page. */
    private static void idle(Page page) {
        page.waitForFunction("() => { const i = document.querySelector('.v-loading-indicator');"
                + " return !i || getComputedStyle(i).display === 'none' || getComputedStyle(i).opacity === '0'; }");
    }
}
