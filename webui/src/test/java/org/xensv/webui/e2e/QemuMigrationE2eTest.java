package org.xensv.webui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The Migrate wizard moving a VM between two real QEMU hosts: the system libvirtd and the second one
 * scripts/test starts ({@code XENSV_TEST_LIBVIRT_PEER}), added with {@code accel=tcg}. The wizard
 * predicts, the VM moves live, and the flight report built from libvirt's job statistics is shown.
 * Skipped, saying why, without the second libvirtd.
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
class QemuMigrationE2eTest extends ConsoleInBrowser {

    private final List<String> hosts = new ArrayList<>();
    private String vm;

    @Test
    void aVmOnAQemuHostMovesThroughTheMigrateWizardWithItsFlightReport() {
        String peer = System.getenv("XENSV_TEST_LIBVIRT_PEER");
        assumeTrue(peer != null && !peer.isBlank(),
                "no second libvirt endpoint: set XENSV_TEST_LIBVIRT_PEER (scripts/test starts one as root)");
        openConsole(new com.microsoft.playwright.Browser.NewContextOptions());
        String pool = api.get("/pools").replaceFirst("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
        add(pool, "wiz-qemu-a", "qemu:///system?accel=tcg");
        add(pool, "wiz-qemu-b", peer + (peer.contains("?") ? "&" : "?") + "accel=tcg");
        vm = api.create("/vms", "{\"name\":\"lv-wizard\",\"type\":\"HVM\",\"vcpus\":1,\"memoryMiB\":64,\"hostId\":\""
                + hosts.get(0) + "\",\"start\":true}");
        page.reload();
        assertThat(vmState("lv-wizard")).hasText("running");
        vmRow("lv-wizard").click();
        assertThat(page.locator("#details-title")).containsText("lv-wizard");

        page.locator("#vm-migrate").click();
        Locator embedded = page.locator("#migrate-host vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("edit"));
        assertThat(embedded.first()).containsText("a VM moves only between hosts of one kind");
        page.locator("#migrate-host vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("wiz-qemu-b")).click();
        page.locator("#migrate-next").click();
        assertThat(page.locator("#migrate-live")).isVisible();
        page.locator("#migrate-next").click();
        assertThat(page.locator("#migrate-prediction")).containsText("from wiz-qemu-a");
        page.locator("#migrate-start").click();

        assertThat(page.locator("#migrate-outcome")).containsText("lv-wizard now runs on wiz-qemu-b");
        assertThat(page.locator("#migrate-report-downtime")).containsText("predicted");
        assertThat(page.locator("#migrate-report-bytes")).isVisible();
        assertThat(page.locator("#migrate-rounds")).containsText("stop-and-copy");
        page.locator("#migrate-close").click();
        org.assertj.core.api.Assertions.assertThat(api.get("/vms/" + vm)).contains("\"hostId\":\"" + hosts.get(1) + "\"");
    }

    private void add(String pool, String name, String uri) {
        String id = api.create("/hosts", "{\"poolId\":\"" + pool + "\",\"name\":\"" + name + "\",\"uri\":\"" + uri + "\"}");
        hosts.add(id);
        String host = api.get("/hosts/" + id);
        assumeTrue(host.contains("\"connection\":\"CONNECTED\""), "libvirt host " + uri + " does not answer: " + host);
    }

    @AfterEach
    void removeTheVmAndTheHosts() throws InterruptedException {
        if (vm != null) {
            api.as(RestClient.ADMIN, RestClient.ADMIN_PASSWORD, "POST", "/vms/" + vm + "/hard-shutdown", null);
            for (int i = 0; i < 100 && api.as(RestClient.ADMIN, RestClient.ADMIN_PASSWORD, "DELETE", "/vms/" + vm, null).statusCode() != 202
                    && api.as(RestClient.ADMIN, RestClient.ADMIN_PASSWORD, "GET", "/vms/" + vm, null).statusCode() != 404; i++) {
                Thread.sleep(200);
            }
        }
        for (String host : hosts) {
            for (int i = 0; i < 100 && api.as(RestClient.ADMIN, RestClient.ADMIN_PASSWORD, "DELETE", "/hosts/" + host, null).statusCode() != 204; i++) {
                Thread.sleep(200);
            }
        }
    }
}
