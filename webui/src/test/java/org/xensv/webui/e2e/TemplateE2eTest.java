package org.xensv.webui.e2e;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Templates as an admin uses them in the browser: the wizard's Template step, Convert to template. */
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
class TemplateE2eTest extends ConsoleInBrowser {

    @BeforeEach
    void openConsole() {
        openConsole(new com.microsoft.playwright.Browser.NewContextOptions());
    }

    @Test
    void theWizardCopiesAShippedTemplateItsSettingsPreFilledAndItsDiskCloned() {
        assertThat(page.locator("[data-templates]")).isVisible();
        assertThat(page.locator("[data-template='debian-web-server']")).isVisible();

        page.locator("#new-vm").click();
        assertThat(page.locator("#wizard-template")).isVisible();
        page.locator("#wizard-template vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("debian-web-server")).click();
        assertThat(page.locator("#wizard-template-copies")).containsText("xvda");
        page.locator("#wizard-next").click();
        input("wizard-name").fill("web-copy");
        page.locator("#wizard-next").click();
        assertThat(input("wizard-memory")).hasValue("256");
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-copied-nics")).containsText("NIC 0");
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-copied-disks")).containsText("xvda");
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-summary")).containsText("debian-web-server");
        page.locator("#wizard-create").click();

        assertThat(page.locator("#new-vm-wizard")).hasCount(0);
        assertThat(vmState("web-copy")).hasText("running");
        page.locator("#tab-storage").click();
        assertThat(page.locator("#vbd-grid")).containsText("web-copy-xvda");
    }

    @Test
    void aHaltedVmBecomesATemplateThatOffersOnlyACopyOrDestroy() {
        api.createVm("to-convert", false, 64, null);
        vmRow("to-convert").click();
        assertThat(page.locator("#vm-to-template")).isEnabled();
        page.locator("#vm-to-template").click();
        page.locator("vaadin-button[slot='confirm-button']").click();

        assertThat(page.locator("[data-template='to-convert']")).isVisible();
        assertThat(page.locator("#vm-start")).isDisabled();
        assertThat(page.locator("#vm-destroy")).isEnabled();
        assertThat(page.locator("#vm-from-template")).isEnabled();
        assertThat(page.locator("#tab-console")).hasCount(0);

        page.locator("#vm-from-template").click();
        assertThat(page.locator("#wizard-template-copies")).containsText("Disks, cloned: none");
        page.locator("#wizard-next").click();
        input("wizard-name").fill("to-convert");
        page.locator("#wizard-next").click();
        assertThat(errorOf("wizard-name")).containsText("already used");
    }
}
