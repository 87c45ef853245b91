package org.xensv.webui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.xensv.webui.e2e.Polling.until;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The VMs tab of a host as an admin uses it: the grid counts what matches as they type (name,
 * tag:, state:), sorts by a column, and starts every VM the search matches as one task; a bad
 * search is told at the field.
 */
// TagE2eTest's context (the same properties), so Spring reuses it
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
class VmGridE2eTest extends ConsoleInBrowser {

    final List<String> created = new ArrayList<>();

    @BeforeEach
    void openConsole() {
        openConsole(new com.microsoft.playwright.Browser.NewContextOptions());
    }

    @AfterEach
    void destroyThem() {
        for (String id : created) {
            if (api.get("/vms/" + id).contains("\"powerState\":\"RUNNING\"")) {
                api.operate(id, "hard-shutdown");
            }
        }
        for (String id : created) {
            until(() -> api.get("/vms/" + id).contains("\"currentOperation\":null"));
            api.as(RestClient.ADMIN, RestClient.ADMIN_PASSWORD, "DELETE", "/vms/" + id, null);
        }
    }

    @Test
    void searchSortAndStartEverythingASearchMatches() {
        for (int i = 0; i < 12; i++) {
            created.add(api.createVm("grid-" + (i < 4 ? "web" : "db") + "-" + i, false, 16 + i, null));
        }
        assertThat(vmRow("grid-db-11")).isVisible(); // the tree has settled: a click now is not redrawn away
        page.locator("[data-host]:visible").first().click();
        page.locator("#tab-vms").click();
        assertThat(page.locator("#vm-grid")).isVisible();

        input("vm-grid-search").fill("grid-");
        assertThat(page.locator("#vm-grid-count")).hasText("12 VMs");
        input("vm-grid-search").fill("grid-web");
        assertThat(page.locator("#vm-grid-count")).hasText("4 VMs");
        assertThat(page.locator("#vm-grid")).containsText("grid-web-3");
        assertThat(page.locator("#vm-grid")).not().containsText("grid-db-4");

        input("vm-grid-search").fill("tag:bad,comma");
        assertThat(page.locator("#vm-grid-search [slot='error-message']")).containsText("letters, digits");

        // a search that matches nothing is said at once: no dialog offering to start 0 VMs, no task
        input("vm-grid-search").fill("grid-none-such");
        assertThat(page.locator("#vm-grid-count")).hasText("0 VMs");
        page.locator("#vm-grid-start").click();
        assertThat(page.locator("vaadin-notification-card").filter(new com.microsoft.playwright.Locator.FilterOptions()
                .setHasText("the search matches no VM, and none is selected"))).isVisible();
        assertThat(page.getByText("Start all 0 matching VMs?")).hasCount(0);

        input("vm-grid-search").fill("grid-web state:halted");
        assertThat(page.locator("#vm-grid-count")).hasText("4 VMs");
        page.locator("#vm-grid-start").click();
        assertThat(page.getByText("Start all 4 matching VMs?")).isVisible();
        page.locator("vaadin-button[slot='confirm-button']").click();
        // the dialog is modal: what is typed while it is still closing reaches no field behind it
        assertThat(page.getByText("Start all 4 matching VMs?")).hasCount(0);

        // the grid follows the VMs as they start (a live refresh re-reads its visible rows and count)
        input("vm-grid-search").fill("grid- state:halted");
        assertThat(page.locator("#vm-grid-count")).hasText("8 VMs");
        for (int i = 0; i < 12; i++) {
            String id = created.get(i);
            until(() -> api.get("/vms/" + id).contains("\"currentOperation\":null"));
            assertThat(api.get("/vms/" + id)).contains(i < 4 ? "\"powerState\":\"RUNNING\"" : "\"powerState\":\"HALTED\"");
        }
        assertThat(page.locator("#task-list")).containsText("Start 4 VMs");

        input("vm-grid-search").fill("grid-");
        assertThat(page.locator("#vm-grid-count")).hasText("12 VMs");
        com.microsoft.playwright.Locator memory = page.locator("#vm-grid vaadin-grid-sorter").nth(3);
        memory.click();
        memory.click();
        assertThat(memory).hasAttribute("direction", "desc");
        assertThat(page.locator("#vm-grid")).containsText("grid-db-11");
    }
}
