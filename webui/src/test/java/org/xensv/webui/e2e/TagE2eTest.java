package org.xensv.webui.e2e;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Tags as an admin uses them in the browser: the General tab's editor, the chips in the tree, tag: search. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:tmpl-e2e-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=tmpl${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1",
        "xensv.embedded.pcpus=2",
        "xensv.embedded.memory-mib=768",
        "vaadin.launch-browser=false",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory="
})
class TagE2eTest extends ConsoleInBrowser {

    @BeforeEach
    void openConsole() {
        openConsole(new com.microsoft.playwright.Browser.NewContextOptions());
    }

    @Test
    void anAdminTagsAVmIsToldWhatIsWrongFindsItByTagAndRemovesTheTag() {
        api.createVm("tagged-vm", false, 64, null);
        api.createVm("plain-vm", false, 64, null);
        vmRow("tagged-vm").click();
        assertThat(page.locator("#tag-editor")).containsText("No tags");

        input("tag-input").fill("two words");
        page.locator("#tag-add").click();
        assertThat(page.locator("#tag-input [slot='error-message']")).containsText("letters, digits and - _ . : = only");
        input("tag-input").fill("Env=Prod");
        page.locator("#tag-add").click();
        assertThat(page.locator("#tag-editor .tag-chip[data-tag='Env=Prod']")).isVisible();
        assertThat(page.locator("[data-vm='tagged-vm']:visible .tag-chip")).hasText("Env=Prod");

        input("inventory-filter").fill("tag:env=prod");
        assertThat(vmRow("tagged-vm")).isVisible();
        assertThat(vmRow("plain-vm")).hasCount(0);
        input("inventory-filter").fill("");
        assertThat(vmRow("plain-vm")).isVisible();

        vmRow("tagged-vm").click();
        page.locator("#tag-editor [aria-label='Remove tag Env=Prod']").click();
        assertThat(page.locator("#tag-editor")).containsText("No tags");
        assertThat(page.locator("[data-vm='tagged-vm']:visible .tag-chip")).hasCount(0);
    }

    @Test
    void aHostTaggedInItsGeneralTabIsFoundByTag() {
        page.locator("[data-host]:visible").first().click();
        input("tag-input").fill("rack-7");
        input("tag-input").press("Enter");
        assertThat(page.locator("#tag-editor .tag-chip[data-tag='rack-7']")).isVisible();
        input("inventory-filter").fill("tag:RACK-7");
        assertThat(page.locator("[data-host]:visible")).hasCount(1);
        assertThat(page.locator("[data-host]:visible .tag-chip")).hasText("rack-7");
        input("inventory-filter").fill("tag:rack-8");
        assertThat(page.locator("[data-host]:visible")).hasCount(0);
    }

    @Test
    void aNetworkIsTaggedFromTheNetworkEditor() {
        page.locator("#open-networks").click();
        page.locator("[id^='tags-network-']").first().click();
        input("tag-input").fill("dmz");
        page.locator("#tag-add").click();
        assertThat(page.locator("#tag-dialog .tag-chip[data-tag='dmz']")).isVisible();
        page.locator("#tag-dialog-close").click();
        assertThat(page.locator("#network-grid")).containsText("dmz");
    }
}
