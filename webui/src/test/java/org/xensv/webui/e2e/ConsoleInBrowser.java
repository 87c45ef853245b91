package org.xensv.webui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One Chromium per test class and a fresh browser context per test, on the console of the class's Spring context;
 * a failure says where the page was and what it showed ({@link PageOnFailure}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(PageOnFailure.class)
abstract class ConsoleInBrowser {

    @LocalServerPort
    int port;

    Playwright playwright;
    com.microsoft.playwright.Browser browser;
    BrowserContext context;
    Page page;
    RestClient api;

    @BeforeAll
    void launchBrowser() {
        playwright = Browser.playwright();
        browser = Browser.chromium(playwright);
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    }

    @AfterAll
    void closeBrowser() {
        if (playwright != null) {
            playwright.close();
        }
    }

    /** Opens the console in a new 1440x900 context ({@code options} may add to it) as the test admin and waits for the inventory. */
    void openConsole(com.microsoft.playwright.Browser.NewContextOptions options) {
        openConsoleAs(options, RestClient.ADMIN, RestClient.ADMIN_PASSWORD);
    }

    /** Opens the console signed in as this user. */
    void openConsoleAs(com.microsoft.playwright.Browser.NewContextOptions options, String user, String password) {
        api = new RestClient(port);
        context = browser.newContext(options.setViewportSize(1440, 900));
        page = context.newPage();
        page.setDefaultTimeout(20_000);
        Browser.signIn(page, port, user, password);
        page.navigate("http://localhost:" + port + "/");
        assertThat(page.locator("#inventory-tree")).isVisible();
    }

    /** The input of the field with this id. */
    Locator input(String fieldId) {
        return page.locator("#" + fieldId + " input");
    }

    /** The error message shown under the field with this id. */
    Locator errorOf(String fieldId) {
        return page.locator("#" + fieldId + " [slot='error-message']");
    }

    /** The VM's row in the inventory tree. */
    Locator vmRow(String name) {
        return page.locator("[data-vm='" + name + "']:visible");
    }

    /** The power-state badge of the VM's row. */
    Locator vmState(String name) {
        return page.locator("[data-vm='" + name + "']:visible .state");
    }

    /** Opens the combo box with this id and picks the item with this text. */
    void pick(String comboId, String item) {
        page.locator("#" + comboId).click();
        page.locator("vaadin-combo-box-item:has-text('" + item + "')").click();
        assertThat(input(comboId)).hasValue(item);
    }

    /** Not every test got as far as a browser: one whose assumptions failed first (no QEMU session here) has none to close. */
    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }
}
