package org.xensv.webui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A change made in the console is in the audit log with the address it came from (the console's
 * requests reach the toolstack's services with their HTTP request), shown by the audit view with
 * its filters and CSV link; the task list says who started each task.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:audit-e2e-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=aud${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1",
        "xensv.embedded.pcpus=2",
        "xensv.embedded.memory-mib=512",
        "vaadin.launch-browser=false",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory="
})
class AuditE2eTest extends ConsoleInBrowser {

    @Test
    void aNetworkCreatedInTheConsoleShowsInTheAuditViewWithTheBrowsersAddressAndTheTaskListSaysWhoStartedATask() {
        openConsole(new com.microsoft.playwright.Browser.NewContextOptions());
        page.locator("#open-networks").click();
        page.locator("#new-network").click();
        input("network-name").fill("audited-in-ui");
        page.locator("#save-network").click();
        assertThat(page.locator("#network-form")).hasCount(0);
        api.createVm("audit-ui-vm", true);
        assertThat(page.locator("#task-grid")).containsText(RestClient.ADMIN);
        page.keyboard().press("Escape");

        page.navigate("http://localhost:" + port + "/audit");
        input("audit-object").fill("audited-in-ui");
        input("audit-object").press("Enter");
        page.locator("#audit-search").click();

        Locator grid = page.locator("#audit-grid");
        assertThat(grid).containsText("network.create");
        assertThat(grid).containsText(RestClient.ADMIN);
        assertThat(grid).containsText(java.util.regex.Pattern.compile("127\\.0\\.0\\.1|0:0:0:0:0:0:0:1"));
        assertThat(page.locator("#audit-csv")).hasAttribute("href", "/api/v1/audit.csv?object=audited-in-ui");
    }
}
