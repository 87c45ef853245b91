package org.xensv.webui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** The QoS policy editor and the policy pickers of a VM, as an admin uses them in the browser. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:qos-e2e-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=qos${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1",
        "xensv.embedded.pcpus=2",
        "xensv.embedded.memory-mib=512",
        "vaadin.launch-browser=false",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory="
})
class QosE2eTest extends ConsoleInBrowser {

    @BeforeEach
    void openConsole() {
        openConsole(new com.microsoft.playwright.Browser.NewContextOptions());
    }

    @Test
    void anAdminCreatesAPolicyIsToldWhatIsWrongAttachesItAndSeesAnEditApplyLive() {
        page.locator("#open-qos").click();
        page.locator("#new-qos").click();
        input("qos-name").fill("Gold");
        input("qos-nic-rate").fill("fast");
        page.locator("#save-qos").click();
        assertThat(errorOf("qos-nic-rate")).containsText("10Mb/s");
        input("qos-nic-rate").fill("8Mb/s");
        input("qos-cpu-weight").fill("70000");
        page.locator("#save-qos").click();
        assertThat(errorOf("qos-cpu-weight")).containsText("between 1 and 65535");
        input("qos-cpu-weight").fill("512");
        page.locator("#save-qos").click();
        assertThat(page.locator("#qos-form")).hasCount(0);
        assertThat(page.locator("#qos-grid")).containsText("NIC 8Mb/s");
        assertThat(page.locator("#qos-grid")).containsText("CPU weight 512");

        page.locator("#new-qos").click();
        input("qos-name").fill("GOLD");
        page.locator("#save-qos").click();
        assertThat(errorOf("qos-name")).containsText("already used");
        page.locator("#qos-form vaadin-button:has-text('Cancel')").click();
        page.locator("#qos-editor vaadin-button:has-text('Close')").click();

        api.createVm("qos-vm", true);
        assertThat(vmState("qos-vm")).hasText("running");
        vmRow("qos-vm").click();
        page.locator("#tab-network").click();
        page.locator("#add-vif").click();
        pick("vif-qos-policy", "Gold");
        page.locator("#save-vif").click();
        assertThat(page.locator("#vif-form")).hasCount(0);
        assertThat(page.locator("#vif-grid")).containsText("8000Kb/s@50ms (policy Gold)");

        page.locator("#tab-qos").click();
        assertThat(page.locator("#qos-applies-cpu-weight")).containsText("256 (default)");
        pick("qos-vm-policy", "Gold");
        input("qos-vm-cap").fill("500");
        page.locator("#qos-vm-save").click();
        assertThat(errorOf("qos-vm-cap")).containsText("100 per vCPU");
        input("qos-vm-cap").fill("50");
        page.locator("#qos-vm-save").click();
        assertThat(page.locator("#qos-applies-cpu-weight")).containsText("512 (policy Gold)");
        assertThat(page.locator("#qos-applies-cpu-cap")).containsText("50% (set on the VM)");

        page.locator("#open-qos").click();
        assertThat(page.locator("#qos-grid")).containsText("VIF 0 of qos-vm");
        page.locator("#edit-qos-Gold").click();
        input("qos-nic-rate").fill("2Mb/s");
        page.locator("#save-qos").click();
        assertThat(page.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText("saved and applied")))
                .containsText("VIF 0 of qos-vm");
        page.locator("#delete-qos-Gold").click();
        assertThat(page.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText("is in use by")))
                .containsText("VM qos-vm");
        assertThat(page.locator("#qos-grid")).containsText("Gold");
        page.locator("#qos-editor vaadin-button:has-text('Close')").click();

        page.locator("#tab-network").click();
        assertThat(page.locator("#vif-grid")).containsText("2000Kb/s@50ms (policy Gold)");
    }
}
