package org.xensv.webui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A real QEMU guest's screen in the browser: noVNC, on the console's display page, draws what the
 * guest's VNC server sends through the console's proxy. A context of its own, since it adds
 * {@code qemu:///system} as a host (VMs placed by the toolstack must not land there in other classes).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:e2e-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=qd${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1",
        "xensv.embedded.memory-mib=512",
        "vaadin.launch-browser=false",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory="
})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QemuDisplayE2eTest {

    @LocalServerPort
    int port;

    private Playwright playwright;
    private com.microsoft.playwright.Browser browser;
    private BrowserContext context;
    private Page page;
    private RestClient api;

    @BeforeAll
    void launchBrowser() {
        playwright = Browser.playwright();
        browser = Browser.chromium(playwright);
        PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
    }

    @AfterAll
    void closeBrowser() {
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void signIn() {
        api = new RestClient(port);
        context = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1280, 900));
        page = context.newPage();
        page.setDefaultTimeout(30_000);
        Browser.signIn(page, port);
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    /**
     * noVNC draws a real QEMU guest's screen: a small domain without a disk (its BIOS writes "no bootable
     * device") runs under software emulation on qemu:///system, adopted by the console, and its display
     * page connects through the console's proxy. Skipped, saying why, where QEMU or a system libvirtd is
     * missing (scripts/test starts it, as root).
     */
    @Test
    void theDisplayOfAQemuGuestIsDrawnByNoVnc() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64")), "QEMU is missing: apt-get install qemu-system-x86");
        assumeTrue(Files.exists(Path.of("/run/libvirt/libvirt-sock")),
                "libvirtd is not running (scripts/test starts it as root; apt-get install libvirt-daemon-system)");
        String pool = api.get("/pools").replaceAll("(?s)^.*?\"id\"\\s*:\\s*\"([0-9a-f-]{36})\".*$", "$1");
        HttpResponse<String> added = api.as(RestClient.ADMIN, RestClient.ADMIN_PASSWORD, "POST", "/hosts",
                "{\"poolId\":\"" + pool + "\",\"name\":\"qemu-screen\",\"uri\":\"qemu:///system\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        String host = added.body().replaceAll("(?s)^.*?\"id\"\\s*:\\s*\"([0-9a-f-]{36})\".*$", "$1");
        UUID uuid = UUID.randomUUID();
        Connect virsh = null;
        try {
            assumeTrue(added.body().contains("\"CONNECTED\""), "qemu:///system cannot be reached: " + added.body());
            virsh = new Connect("qemu:///system", false);
            Domain domain = virsh.domainDefineXML("""
                    <domain type='qemu'>
                      <name>xensv-screen-%s</name>
                      <uuid>%s</uuid>
                      <memory unit='MiB'>32</memory>
                      <vcpu>1</vcpu>
                      <os><type arch='x86_64'>hvm</type></os>
                      <devices>
                        <graphics type='vnc' port='-1' autoport='yes'><listen type='address' address='127.0.0.1'/></graphics>
                      </devices>
                    </domain>
                    """.formatted(uuid.toString().substring(0, 8), uuid));
            domain.create();
            HttpResponse<String> adopted = api.as(RestClient.ADMIN, RestClient.ADMIN_PASSWORD, "POST",
                    "/hosts/" + host + "/unmanaged-domains/" + uuid + "/adopt", null);
            assertThat(adopted.statusCode()).as(adopted.body()).isEqualTo(201);

            page.navigate("http://localhost:" + port + "/consoles/vnc.html?vm=" + uuid);
            assertThat(page.locator("body[data-connected='true']")).isAttached();
            assertThat(page.locator("#status")).containsText("Display of the VM");
            long deadline = System.nanoTime() + 60_000_000_000L;
            int colours = 0;
            while (System.nanoTime() < deadline && colours < 2) {
                colours = ((Number) page.evaluate("""
                        () => { const c = document.querySelector('#screen canvas');
                                if (!c || c.width === 0) return 0;
                                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                                const seen = new Set();
                                for (let i = 0; i < d.length && seen.size < 2; i += 4 * 97) seen.add(d[i] << 16 | d[i + 1] << 8 | d[i + 2]);
                                return seen.size; }""")).intValue();
                page.waitForTimeout(500);
            }
            assertThat(colours).as("the canvas shows the guest's screen (text on a background), not one flat colour").isGreaterThanOrEqualTo(2);
        } finally {
            // through the console first, waiting for each task: a VM the console still holds is defined again
            // by its recovery if the domain disappears underneath it
            if (api.as(RestClient.ADMIN, RestClient.ADMIN_PASSWORD, "POST", "/vms/" + uuid + "/hard-shutdown", null).statusCode() == 202) {
                awaitGet("/vms/" + uuid, 200, "\"HALTED\"");
            }
            api.as(RestClient.ADMIN, RestClient.ADMIN_PASSWORD, "DELETE", "/vms/" + uuid, null);
            awaitGet("/vms/" + uuid, 404, "");
            if (virsh != null) {
                try {
                    Domain domain = virsh.domainLookupByUUID(uuid);
                    if (domain.isActive() == 1) {
                        domain.destroy();
                    }
                    domain.undefine();
                } catch (LibvirtException gone) {
                    // deleted through the console already
                }
                virsh.close();
            }
            api.as(RestClient.ADMIN, RestClient.ADMIN_PASSWORD, "DELETE", "/hosts/" + host, null);
        }
    }

    /** Waits until a GET answers this status with this text in its body. */
    private void awaitGet(String path, int status, String text) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = api.as(RestClient.ADMIN, RestClient.ADMIN_PASSWORD, "GET", path, null);
            if (r.statusCode() == status && r.body().contains(text)) {
                return;
            }
            page.waitForTimeout(250);
        }
        throw new AssertionError("GET " + path + " never answered " + status + " with " + text);
    }
}
