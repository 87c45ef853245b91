package org.xensv.webui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Two admins, each in their own browser, edit the same QoS policy: the second save is refused with
 * the reload message, the first admin's values stay, and after reopening the editor the second
 * admin's save goes through.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:edit-e2e-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=edit${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1",
        "xensv.embedded.pcpus=2",
        "xensv.embedded.memory-mib=256",
        "vaadin.launch-browser=false",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory="
})
class ConcurrentEditE2eTest extends ConsoleInBrowser {

    @Test
    void theSecondOfTwoAdminsSavingTheSamePolicyIsToldToReloadAndTheFirstAdminsValuesStay() {
        openConsole(new com.microsoft.playwright.Browser.NewContextOptions());
        String id = api.create("/qos-policies", "{\"name\": \"Shared\", \"cpuWeight\": 256}");
        try (BrowserContext secondContext = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1440, 900))) {
            Page alice = page;
            Page bob = secondContext.newPage();
            bob.setDefaultTimeout(20_000);
            Browser.signIn(bob, port); // the second admin signs in in their own browser
            bob.navigate("http://localhost:" + port + "/");
            assertThat(bob.locator("#inventory-tree")).isVisible();
            openEditor(alice);
            openEditor(bob);

            alice.locator("#qos-cpu-weight input").fill("300");
            alice.locator("#save-qos").click();
            assertThat(alice.locator("#qos-form")).hasCount(0);
            bob.locator("#qos-cpu-weight input").fill("700");
            bob.locator("#save-qos").click();

            assertThat(bob.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText("reload")))
                    .containsText("QoS policy 'Shared' was changed by someone else since you opened it; reload and try again.");
            assertThat(bob.locator("vaadin-notification-card")).not().containsText("Something went wrong");
            assertThat(bob.locator("#qos-form")).hasCount(1);
            assertThat(bob.locator("#qos-cpu-weight input")).hasValue("700");
            org.assertj.core.api.Assertions.assertThat(api.get("/qos-policies/" + id)).contains("\"cpuWeight\":300");

            bob.locator("#qos-form vaadin-button:has-text('Cancel')").click();
            bob.locator("#edit-qos-Shared").click();
            assertThat(bob.locator("#qos-cpu-weight input")).hasValue("300");
            bob.locator("#qos-cpu-weight input").fill("700");
            bob.locator("#save-qos").click();
            assertThat(bob.locator("#qos-form")).hasCount(0);
            org.assertj.core.api.Assertions.assertThat(api.get("/qos-policies/" + id)).contains("\"cpuWeight\":700");
        }
    }

    private static void openEditor(Page page) {
        page.locator("#open-qos").click();
        page.locator("#edit-qos-Shared").click();
        assertThat(page.locator("#qos-cpu-weight input")).isVisible();
    }
}
