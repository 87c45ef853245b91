package org.xensv.webui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.xensv.webui.e2e.Polling.until;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.xensv.webui.inventory.InventoryTree;

/**
 * The inventory tree loads only what is shown, against a generated inventory (more VMs on the host
 * than the tree opens at first): the host shows how many VMs it holds and runs without one of them
 * read, opening it reads its VMs, a search by tag finds a VM under its host, an event for a VM of a
 * closed host changes only the host's counts; and a search saved as a filter is picked again from
 * the tree and from the VMs grid, then deleted.
 */
// TagE2eTest's and VmGridE2eTest's context (the same properties), so Spring reuses it
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
class LazyTreeE2eTest extends ConsoleInBrowser {

    /** More than the tree opens at first, so the host starts closed. */
    static final int GENERATED = InventoryTree.OPEN_UP_TO + 6;

    final List<String> generated = new ArrayList<>();
    String hostName;
    String tagged;

    /** A generated inventory on the context's host: lazy-00..lazy-25, two running, one tagged rack=b7. */
    @BeforeAll
    void generateInventory() {
        RestClient admin = new RestClient(port);
        String hostId = admin.firstHostId();
        hostName = field(admin.get("/hosts/" + hostId), "name");
        for (int i = 0; i < GENERATED; i++) {
            generated.add(admin.createVm(String.format("lazy-%02d", i), i < 2, 16, hostId));
        }
        tagged = generated.get(7);
        assertThat(admin.as(RestClient.ADMIN, RestClient.ADMIN_PASSWORD, "PUT", "/vms/" + tagged + "/tags/rack=b7", null)
                .statusCode()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            String id = generated.get(i);
            until(() -> admin.get("/vms/" + id).contains("\"powerState\":\"RUNNING\""));
        }
    }

    @AfterAll
    void destroyInventory() {
        RestClient admin = new RestClient(port);
        for (String id : generated) {
            if (admin.get("/vms/" + id).contains("\"powerState\":\"RUNNING\"")) {
                admin.operate(id, "hard-shutdown");
            }
        }
        for (String id : generated) {
            until(() -> admin.get("/vms/" + id).contains("\"currentOperation\":null"));
            admin.as(RestClient.ADMIN, RestClient.ADMIN_PASSWORD, "DELETE", "/vms/" + id, null);
        }
        for (String filter : admin.get("/filters").split("\"id\":\"")) {
            if (filter.length() > 36 && filter.charAt(36) == '"') {
                admin.as(RestClient.ADMIN, RestClient.ADMIN_PASSWORD, "DELETE", "/filters/" + filter.substring(0, 36), null);
            }
        }
    }

    @BeforeEach
    void openConsole() {
        openConsole(new com.microsoft.playwright.Browser.NewContextOptions());
    }

    @Test
    void aHostShowsItsCountsWithoutReadingItsVmsAndReadsThemWhenOpened() {
        int onHost = count(api.get("/vms?host=" + api.firstHostId()), "\"powerState\"");
        int running = count(api.get("/vms?host=" + api.firstHostId() + "&state=running"), "\"powerState\"");
        assertThat(hostCounts()).hasAttribute("data-vms", String.valueOf(onHost));
        assertThat(hostCounts()).hasAttribute("data-running", String.valueOf(running));
        assertThat(hostCounts()).containsText(onHost + " VMs, " + running + " running");
        assertThat(page.locator("[data-vm^='lazy-']")).hasCount(0); // not one of its VMs was read

        toggle(hostName).click();
        assertThat(vmRow("lazy-00")).isVisible();
        assertThat(vmState("lazy-00")).hasText("running");
        assertThat(page.locator("[data-vm^='lazy-']").first()).isVisible();

        toggle(hostName).click(); // closed again: a VM that starts changes the host's counts only
        assertThat(vmRow("lazy-00")).hasCount(0);
        api.operate(generated.get(2), "start");
        assertThat(hostCounts()).hasAttribute("data-running", String.valueOf(running + 1));
        assertThat(vmRow("lazy-02")).hasCount(0);
        api.operate(generated.get(2), "hard-shutdown");
        assertThat(hostCounts()).hasAttribute("data-running", String.valueOf(running));
    }

    @Test
    void aSearchByTagFindsTheVmUnderItsHost() {
        input("inventory-filter").fill("tag:RACK=b7");
        assertThat(vmRow("lazy-07")).isVisible();
        assertThat(page.locator("[data-vm]:visible")).hasCount(1);
        assertThat(page.locator("[data-host='" + hostName + "']:visible .counts")).containsText("1 of ");

        input("inventory-filter").fill("lazy- state:running");
        assertThat(page.locator("[data-vm^='lazy-']:visible")).hasCount(2);
        assertThat(vmRow("lazy-01")).isVisible();

        input("inventory-filter").fill("state:sleeping");
        assertThat(errorOf("inventory-filter")).containsText("sleeping");

        input("inventory-filter").fill("");
        assertThat(page.locator("[data-vm^='lazy-']")).hasCount(0); // the host is closed again
        assertThat(hostCounts()).isVisible();
    }

    @Test
    void aSearchIsSavedAsAFilterPickedAgainAndDeleted() {
        input("inventory-filter").fill("tag:rack=b7");
        assertThat(page.locator("[data-vm]:visible")).hasCount(1);
        page.locator("#tree-filters-save").click();
        assertThat(input("tree-filters-query")).hasValue("tag:rack=b7");
        input("tree-filters-name").fill("Rack B7");
        page.locator("#tree-filters-submit").click();
        assertThat(page.locator("#tree-filters-dialog")).hasCount(0);

        // a second of the same name (any case) is refused at the name
        page.locator("#tree-filters-save").click();
        input("tree-filters-name").fill("rack b7");
        page.locator("#tree-filters-submit").click();
        assertThat(errorOf("tree-filters-name")).containsText("already the name of one of your saved filters");
        page.keyboard().press("Escape");

        input("inventory-filter").fill("");
        assertThat(page.locator("[data-vm='lazy-07']")).hasCount(0);
        pick("tree-filters-pick", "Rack B7");
        assertThat(input("inventory-filter")).hasValue("tag:rack=b7");
        assertThat(vmRow("lazy-07")).isVisible();
        assertThat(page.locator("[data-vm]:visible")).hasCount(1);

        // the same filter in a host's VMs grid
        page.locator("[data-host='" + hostName + "'] .name").click();
        page.locator("#tab-vms").click();
        page.locator("#grid-filters-pick").click();
        page.locator("vaadin-combo-box-item:visible:has-text('Rack B7')").click();
        assertThat(input("vm-grid-search")).hasValue("tag:rack=b7");
        assertThat(page.locator("#vm-grid-count")).hasText("1 VMs");

        page.locator("#tree-filters-delete").click();
        page.locator("vaadin-button[slot='confirm-button']").click();
        assertThat(input("tree-filters-pick")).hasValue("");
        assertThat(api.get("/filters")).doesNotContain("Rack B7");
        page.locator("#tree-filters-pick").click();
        assertThat(page.locator("vaadin-combo-box-item:visible:has-text('Rack B7')")).hasCount(0);
    }

    private Locator hostCounts() {
        return page.locator("[data-host='" + hostName + "']:visible .counts");
    }

    /** The arrow that opens or closes the host's row (a click on its label selects it). */
    private Locator toggle(String host) {
        return page.locator("vaadin-grid-tree-toggle:has([data-host='" + host + "'])").locator("[part~='toggle']");
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }
}
