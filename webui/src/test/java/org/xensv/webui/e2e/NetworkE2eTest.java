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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The network editor and a VM's Network tab, as an admin uses them in the browser. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:net-e2e-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=net${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1",
        "xensv.embedded.pcpus=2",
        "xensv.embedded.memory-mib=512",
        "vaadin.launch-browser=false",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory="
})
class NetworkE2eTest extends ConsoleInBrowser {

    @BeforeEach
    void openConsole() {
        openConsole(new com.microsoft.playwright.Browser.NewContextOptions());
    }

    @Test
    void anAdminCreatesAVlanNetworkIsToldWhatIsWrongAndCannotDeleteANetworkInUse() {
        page.locator("#open-networks").click();
        assertThat(page.locator("#network-grid")).containsText("Embedded pool network");
        assertThat(page.locator("#network-grid")).containsText("untagged");

        page.locator("#new-network").click();
        input("network-name").fill("e2e-vlan");
        input("network-vlan").fill("5000");
        page.locator("#save-network").click();
        assertThat(errorOf("network-vlan")).containsText("between 1 and 4094");
        input("network-vlan").fill("42");
        input("network-mtu").fill("9001");
        page.locator("#save-network").click();
        assertThat(errorOf("network-mtu")).containsText("between 68 and 9000");
        input("network-mtu").fill("9000");
        page.locator("#save-network").click();
        assertThat(page.locator("#network-form")).hasCount(0);
        assertThat(page.locator("#network-grid")).containsText("e2e-vlan");
        assertThat(page.locator("#network-grid")).containsText("VLAN 42");

        page.locator("#new-network").click();
        input("network-name").fill("E2E-VLAN");
        page.locator("#save-network").click();
        assertThat(errorOf("network-name")).containsText("already used");
        page.locator("#network-form vaadin-button:has-text('Cancel')").click();
        page.locator("#network-editor vaadin-button:has-text('Close')").click();

        api.createVm("net-user", false);
        vmRow("net-user").click();
        page.locator("#tab-network").click();
        assertThat(page.locator("#vif-note")).containsText("plugged in when it starts");
        page.locator("#add-vif").click();
        page.locator("#vif-network").click();
        page.locator("vaadin-combo-box-item:has-text('e2e-vlan')").click();
        assertThat(input("vif-network")).hasValue("e2e-vlan (VLAN 42)");
        input("vif-mac").fill("00:16:3E:42:00:0Z");
        page.locator("#save-vif").click();
        assertThat(errorOf("vif-mac")).containsText("six hex pairs");
        input("vif-mac").fill("00-16-3E-42-00-01");
        input("vif-rate").fill("10Mb/s@50ms");
        page.locator("#save-vif").click();
        assertThat(page.locator("#vif-form")).hasCount(0);
        assertThat(page.locator("#vif-grid")).containsText("00:16:3e:42:00:01");
        assertThat(page.locator("#vif-grid")).containsText("VLAN 42");

        page.locator("#open-networks").click();
        assertThat(page.locator("#network-grid")).containsText("net-user");
        page.locator("#delete-network-e2e-vlan").click();
        assertThat(page.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText("is in use by")))
                .containsText("net-user");
        assertThat(page.locator("#network-grid")).containsText("e2e-vlan");
    }

    @Test
    void aVifIsHotPluggedIntoARunningVmAndRemovedFromItsNetworkTab() {
        api.createVm("net-running", true);
        assertThat(vmState("net-running")).hasText("running");
        vmRow("net-running").click();
        page.locator("#tab-network").click();
        assertThat(page.locator("#vif-note")).containsText("hot-plugged");

        page.locator("#add-vif").click();
        page.locator("#save-vif").click();
        assertThat(page.locator("#vif-form")).hasCount(0);
        assertThat(page.locator("#vif-grid")).containsText("00:16:3e:");
        assertThat(page.locator("#vif-grid")).containsText("plugged");

        page.locator("#edit-vif-0").click();
        input("vif-rate").fill("fast");
        page.locator("#save-vif").click();
        assertThat(errorOf("vif-rate")).containsText("10Mb/s@50ms");
        input("vif-rate").fill("1Mb/s");
        page.locator("#save-vif").click();
        assertThat(page.locator("#vif-form")).hasCount(0);
        assertThat(page.locator("#vif-grid")).containsText("1Mb/s");

        page.locator("#remove-vif-0").click();
        assertThat(page.locator("#vif-grid")).not().containsText("00:16:3e:");
    }

    @Test
    void theNewVmWizardCreatesAVmWithItsNicsPlugged() {
        page.locator("#new-vm").click();
        page.locator("#wizard-next").click(); // the Template step: a blank VM
        input("wizard-name").fill("wizard-nics");
        page.locator("#wizard-next").click();
        input("wizard-memory").fill("64");
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-nic-list")).containsText("NIC 0: Embedded pool network (untagged), MAC generated");
        input("wizard-nic-mac").fill("00:16:3e:99:00:0g");
        page.locator("#wizard-add-nic").click();
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-nics-error")).containsText("NIC 1: mac must be six hex pairs");
        page.locator("#wizard-remove-nic-1").click();
        input("wizard-nic-mac").fill("00:16:3e:99:00:01");
        input("wizard-nic-rate").fill("10Mb/s@50ms");
        page.locator("#wizard-add-nic").click();
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-disk-kind")).isVisible(); // the disk step: none
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-summary")).containsText("00:16:3e:99:00:01 @ 10Mb/s@50ms");
        page.locator("#wizard-create").click();

        assertThat(page.locator("#new-vm-wizard")).hasCount(0);
        assertThat(vmState("wizard-nics")).hasText("running");
        page.locator("#tab-network").click();
        assertThat(page.locator("#vif-grid")).containsText("00:16:3e:99:00:01");
        assertThat(page.locator("#vif-grid")).containsText("10Mb/s@50ms");
        assertThat(page.locator("#vif-grid")).containsText("plugged");
    }
}
