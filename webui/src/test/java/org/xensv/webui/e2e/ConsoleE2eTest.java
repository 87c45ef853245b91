package org.xensv.webui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What an admin does in the browser, against the whole application on a random port with an
 * in-memory database and an embedded pool of two small hosts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:e2e-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=e2e${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=2",
        "xensv.embedded.pcpus=4",
        "xensv.embedded.memory-mib=2048",
        "vaadin.launch-browser=false",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory="
})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleE2eTest {

    @LocalServerPort
    int port;

    private Playwright playwright;
    private com.microsoft.playwright.Browser browser;
    private BrowserContext context;
    private Page page;
    private RestClient api;

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

    @BeforeEach
    void openConsole() {
        api = new RestClient(port);
        context = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1440, 900));
        page = context.newPage();
        page.setDefaultTimeout(20_000);
        Browser.signIn(page, port);
        page.navigate("http://localhost:" + port + "/");
        assertThat(page.locator("#inventory-tree")).isVisible();
        assertThat(page.locator("[data-pool]:visible").first()).isVisible();
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    @Test
    void vmCreatedThroughTheWizardRunsAndAppearsInTheTree() {
        page.locator("#new-vm").click();
        page.locator("#wizard-next").click(); // the Template step: a blank VM
        input("wizard-name").fill("wizard-web-1");
        page.locator("#wizard-next").click();
        input("wizard-vcpus").fill("2");
        input("wizard-memory").fill("512");
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-host")).isVisible();
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-disk-kind")).isVisible();
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-summary")).containsText("wizard-web-1");
        assertThat(page.locator("#wizard-summary")).containsText("512 MiB");
        page.locator("#wizard-create").click();

        assertThat(page.locator("#new-vm-wizard")).hasCount(0);
        assertThat(vmState("wizard-web-1")).hasText("running");
        assertThat(page.locator("#vm-power-state")).hasText("running");
        assertThat(page.locator("#vm-pause")).isEnabled();
        assertThat(page.locator("#vm-start")).isDisabled();
    }

    @Test
    void aRunningVmShowsItsSerialConsoleAndLiveCharts() {
        api.createVm("tabs-guest", true);
        assertThat(vmState("tabs-guest")).hasText("running");
        vmRow("tabs-guest").click();

        page.locator("#tab-console").click();
        assertThat(page.locator("#serial-console")).containsText("xensv-embedded guest kernel");
        assertThat(page.locator("#serial-console")).containsText("Boot complete");

        assertThat(page.locator("#serial-console")).containsText("root@tabs-guest:~# ");
        page.locator("#serial-input input").fill("hostname");
        page.locator("#serial-input input").press("Enter");
        assertThat(page.locator("#serial-console")).containsText("root@tabs-guest:~# hostname\ntabs-guest\n");
        assertThat(page.locator("#serial-input input")).hasValue("");

        page.locator("#tab-performance").click();
        assertThat(page.locator("#vm-performance")).containsText("CPU");
        assertThat(page.locator("#vm-performance")).containsText("Dirty pages");
        // Lines appear once the sampler has two points: the charts move without a reload.
        assertThat(page.locator("#vm-performance polyline").first()).isAttached();

        // the inventory's usage column (a browser template): CPU and RAM bars for each host with their percentages
        assertThat(page.locator("#inventory-tree .xensv-usage .xensv-bar-label:text-is('RAM')").first()).isVisible();
        assertThat(page.locator("#inventory-tree .xensv-usage .xensv-bar-value").first()).hasText(java.util.regex.Pattern.compile("\\d+%"));
    }

    @Test
    void typingOnTheConsoleOfAHaltedVmIsRefusedWithTheReasonAndTheLineStays() {
        api.createVm("halted-tty", false);
        vmRow("halted-tty").click();
        page.locator("#tab-console").click();
        page.locator("#serial-input input").fill("uptime");
        page.locator("#serial-send").click();
        assertThat(page.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText("nothing reads its serial console")))
                .containsText("VM 'halted-tty' is halted");
        assertThat(page.locator("#serial-input input")).hasValue("uptime");
    }

    @Test
    void pausingAVmChangesItsStateAndTheToolbar() {
        api.createVm("pause-me", true);
        assertThat(vmState("pause-me")).hasText("running");
        vmRow("pause-me").click();
        assertThat(page.locator("#vm-pause")).isEnabled();
        assertThat(page.locator("#vm-unpause")).isDisabled();

        page.locator("#vm-pause").click();

        assertThat(vmState("pause-me")).hasText("paused");
        assertThat(page.locator("#vm-power-state")).hasText("paused");
        assertThat(page.locator("#vm-pause")).isDisabled();
        assertThat(page.locator("#vm-unpause")).isEnabled();
        assertThat(page.locator("#vm-hard-shutdown")).isEnabled();

        page.locator("#vm-unpause").click();
        assertThat(vmState("pause-me")).hasText("running");
        assertThat(page.locator("#vm-pause")).isEnabled();
    }

    @Test
    void invalidMemoryIsShownAtTheFieldAndNothingIsCreated() {
        page.locator("#new-vm").click();
        page.locator("#wizard-next").click(); // the Template step: a blank VM
        input("wizard-name").fill("bad-memory");
        page.locator("#wizard-next").click();

        input("wizard-memory").fill("abc");
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-memory")).hasAttribute("invalid", "");
        assertThat(errorOf("wizard-memory")).containsText("whole number of MiB");

        input("wizard-memory").fill("0");
        page.locator("#wizard-next").click();
        assertThat(errorOf("wizard-memory")).containsText("between 1 and");
        assertThat(page.locator("#wizard-host")).isHidden();

        page.locator("#wizard-cancel").click();
        assertThat(page.locator("#new-vm-wizard")).hasCount(0);
        assertThat(api.vms()).doesNotContain("bad-memory");
        assertThat(vmRow("bad-memory")).hasCount(0);
    }

    @Test
    void vmChangedThroughTheRestApiUpdatesTheOpenPage() {
        String id = api.createVm("rest-driven", true);
        assertThat(vmState("rest-driven")).hasText("running");
        vmRow("rest-driven").click();
        assertThat(page.locator("#vm-pause")).isEnabled();

        api.operate(id, "pause");

        assertThat(vmState("rest-driven")).hasText("paused");
        assertThat(page.locator("#vm-unpause")).isEnabled();
        assertThat(page.locator("#vm-pause")).isDisabled();
    }

    @Test
    void refusedActionShowsTheToolstacksMessage() {
        String id = api.createVm("refuse-me", false);
        assertThat(vmState("refuse-me")).hasText("halted");
        vmRow("refuse-me").click();
        page.locator("#vm-destroy").click();
        Locator confirm = page.locator("vaadin-button[slot='confirm-button']");
        assertThat(confirm).isVisible();

        // Someone else starts the VM while the confirmation is open: destroy is no longer allowed.
        api.operate(id, "start");
        assertThat(vmState("refuse-me")).hasText("running");
        confirm.click();

        assertThat(page.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText("refuse-me")))
                .containsText(Pattern.compile("Cannot destroy VM 'refuse-me': it is running"));
        assertThat(vmState("refuse-me")).hasText("running");
    }

    @Test
    void startRefusedByTheHostShowsWhyInANotificationAndTheTaskList() {
        String host = api.firstHostId();
        api.createVm("big-running", true, 1500, host);
        api.createVm("big-waiting", false, 1500, host);
        assertThat(vmState("big-waiting")).hasText("halted");
        vmRow("big-waiting").click();

        page.locator("#vm-start").click();

        assertThat(page.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText("big-waiting")))
                .containsText("needs 1500 MiB of memory");
        assertThat(page.locator("#task-grid .task-error").filter(new Locator.FilterOptions().setHasText("big-waiting")).first())
                .containsText("MiB are free");
        assertThat(vmState("big-waiting")).hasText("halted");
        assertThat(page.locator("#vm-start")).isEnabled();
    }

    @Test
    void clickingAPoolSelectsItWithoutCollapsingItAndSearchNarrowsTheTree() {
        api.createVm("search-me", false);
        assertThat(vmRow("search-me")).isVisible();

        page.locator("[data-pool]:visible").click();
        assertThat(page.locator("#details-title")).hasText("Embedded pool");
        assertThat(vmRow("search-me")).isVisible();

        input("inventory-filter").fill("search-me");
        assertThat(page.locator("[data-vm]:visible")).hasCount(1);
        assertThat(vmRow("search-me")).isVisible();
        input("inventory-filter").fill("no-such-object");
        assertThat(page.locator("[data-pool]:visible")).hasCount(0);
        input("inventory-filter").fill("");
        assertThat(vmRow("search-me")).isVisible();
    }

    @Test
    void memoryLargerThanTheHostHasFreeIsShownAtTheHostStep() {
        page.locator("#new-vm").click();
        page.locator("#wizard-next").click(); // the Template step: a blank VM
        input("wizard-name").fill("too-big");
        page.locator("#wizard-next").click();
        input("wizard-memory").fill("100000");
        page.locator("#wizard-next").click();
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-host")).hasAttribute("invalid", "");
        assertThat(errorOf("wizard-host")).containsText("MiB free");
        page.locator("#wizard-cancel").click();
        assertThat(api.vms()).doesNotContain("too-big");
    }

    private Locator input(String fieldId) {
        return page.locator("#" + fieldId + " input");
    }

    private Locator errorOf(String fieldId) {
        return page.locator("#" + fieldId + " [slot='error-message']");
    }

    private Locator vmRow(String name) {
        return page.locator("[data-vm='" + name + "']:visible");
    }

    private Locator vmState(String name) {
        return page.locator("[data-vm='" + name + "']:visible .state");
    }
}
