package org.xensv.webui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Two admins, each in their own browser, edit the same QoS policy (or the same VM's QoS): the second
 * save is refused with the reload message, the first admin's values stay, and once the second admin
 * has the current version their save goes through.
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

    @Test
    void theSecondOfTwoAdminsApplyingAVmsQosIsToldToReloadAndSeesTheFirstAdminsValues() {
        openConsole(new com.microsoft.playwright.Browser.NewContextOptions());
        String vm = api.createVm("shared-vm", false);
        try (BrowserContext secondContext = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1440, 900))) {
            Page alice = page;
            Page bob = secondContext.newPage();
            bob.setDefaultTimeout(20_000);
            Browser.signIn(bob, port);
            bob.navigate("http://localhost:" + port + "/");
            openVmQos(alice);
            openVmQos(bob);

            alice.locator("#qos-vm-weight input").fill("300");
            alice.locator("#qos-vm-save").click();
            assertThat(alice.locator("#qos-applies-cpu-weight")).containsText("300 (set on the VM)");
            bob.locator("#qos-vm-weight input").fill("700");
            bob.locator("#qos-vm-save").click();

            assertThat(bob.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText("reload")))
                    .containsText("VM 'shared-vm' was changed by someone else since you opened it; reload and try again.");
            assertThat(bob.locator("#qos-vm-weight input")).hasValue("300"); // the form now shows what Alice applied
            org.assertj.core.api.Assertions.assertThat(api.get("/vms/" + vm + "/qos")).contains("\"cpuWeight\":300");

            bob.locator("#qos-vm-weight input").fill("700");
            bob.locator("#qos-vm-save").click();
            assertThat(bob.locator("#qos-applies-cpu-weight")).containsText("700 (set on the VM)");
            org.assertj.core.api.Assertions.assertThat(api.get("/vms/" + vm + "/qos")).contains("\"cpuWeight\":700");
        }
    }

    private static void openVmQos(Page page) {
        page.locator("[data-vm='shared-vm']:visible").click();
        page.locator("#tab-qos").click();
        assertThat(page.locator("#qos-vm-weight input")).isVisible();
    }

    private static void openEditor(Page page) {
        page.locator("#open-qos").click();
        page.locator("#edit-qos-Shared").click();
        assertThat(page.locator("#qos-cpu-weight input")).isVisible();
    }
}
