package org.xensv.webui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.FilePayload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Import and export of domain configs in the console, as an admin does it in the browser. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:e2e-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=cfg${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=2",
        "xensv.embedded.pcpus=4",
        "xensv.embedded.memory-mib=512",
        "vaadin.launch-browser=false",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory="
})
class ConfigE2eTest extends ConsoleInBrowser {

    @BeforeEach
    void openConsole() {
        openConsole(new com.microsoft.playwright.Browser.NewContextOptions().setAcceptDownloads(true));
        assertThat(page.locator("[data-pool]:visible").first()).isVisible();
    }

    @Test
    void aVmExportedAsXlCfgImportsBackAsASecondVm() throws IOException {
        api.createVm("export-me", false);
        page.locator("[data-vm='export-me']:visible").click();
        page.locator("#export-vm").click();
        assertThat(page.locator("#export-preview")).containsText("name = \"export-me\"");

        Download xl = page.waitForDownload(() -> page.locator("#export-xl").click());
        assertThat(xl.suggestedFilename()).isEqualTo("export-me.cfg");
        String cfg = Files.readString(xl.path(), StandardCharsets.UTF_8);
        assertThat(cfg).contains("name = \"export-me\"").contains("memory = 256");

        Download xml = page.waitForDownload(() -> page.locator("#export-libvirt").click());
        assertThat(xml.suggestedFilename()).isEqualTo("export-me.xml");
        assertThat(Files.readString(xml.path(), StandardCharsets.UTF_8)).contains("<domain type=\"kvm\">");
        page.locator("#export-close").click();

        page.locator("#import-vm").click();
        page.locator("#import-upload input[type=file]").setInputFiles(
                new FilePayload("export-me.cfg", "text/plain", cfg.getBytes(StandardCharsets.UTF_8)));
        assertThat(page.locator("#import-text textarea")).hasValue(cfg);
        page.locator("#import-name input").fill("imported-copy");
        page.locator("#import-submit").click();

        assertThat(page.locator("#import-result")).containsText("Created VM imported-copy");
        assertThat(page.locator("#import-ignored")).containsText("uuid: a new VM gets a new UUID");
        page.locator("#import-close").click();
        assertThat(page.locator("[data-vm='imported-copy']:visible")).isVisible();
        assertThat(api.vms()).contains("imported-copy");
    }

    @Test
    void aMalformedFileShowsEachProblemWithItsLineAndCreatesNothing() {
        page.locator("#import-vm").click();
        page.locator("#import-text textarea").fill("name = \"broken-import\"\nmemory = 8\nvcpus = 0\ntype = hvm\n");
        page.locator("#import-submit").click();
        assertThat(page.locator("#import-errors")).containsText("3 problems");
        assertThat(page.locator("#import-errors li")).hasCount(3);
        assertThat(page.locator("#import-errors li").nth(0)).containsText("line 2: memory: must be between 16 and");
        assertThat(page.locator("#import-errors li").nth(1)).containsText("line 3: vcpus");
        assertThat(page.locator("#import-errors li").nth(2)).containsText("line 4:");
        page.locator("#import-cancel").click();
        assertThat(api.vms()).doesNotContain("broken-import");
    }
}
