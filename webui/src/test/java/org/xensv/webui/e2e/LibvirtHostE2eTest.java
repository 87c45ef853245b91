package org.xensv.webui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A libvirt host added in the console as an admin does it: a URI no driver serves is refused at the
 * field, {@code test:///default} (libvirt's own test driver) is added and shows what it is, and its
 * domain that xensv does not manage is adopted into the inventory without a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:e2e-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=lv${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1",
        "xensv.embedded.pcpus=2",
        "xensv.embedded.memory-mib=256",
        "xensv.templates.ship=false",
        "vaadin.launch-browser=false",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory="
})
class LibvirtHostE2eTest extends ConsoleInBrowser {

    private static final Path LIBVIRT = Path.of("/usr/lib/x86_64-linux-gnu/libvirt.so.0");

    @BeforeEach
    void openConsole() {
        assumeTrue(Files.exists(LIBVIRT), "libvirt0 is not installed: apt-get install -y --no-install-recommends libvirt0");
        openConsole(new com.microsoft.playwright.Browser.NewContextOptions());
        assertThat(page.locator("[data-pool]:visible").first()).isVisible();
    }

    @Test
    void aTestDriverHostIsAddedAndItsOwnDomainAdopted() {
        page.locator("#open-add-host").click();
        page.locator("#add-host-name input").fill("kvm-lab");
        page.locator("#add-host-uri input").fill("nonsense");
        page.locator("#add-host-submit").click();
        assertThat(page.locator("#add-host-uri [slot='error-message']")).not().isEmpty();
        assertThat(page.locator("#add-host-dialog")).hasCount(1);

        page.locator("#add-host-uri input").fill("test:///default");
        page.locator("#add-host-submit").click();
        assertThat(page.locator("#add-host-dialog")).hasCount(0);
        Locator host = page.locator("[data-host='kvm-lab']:visible");
        assertThat(host).isVisible();

        host.click();
        assertThat(page.locator("#host-unmanaged-domains")).containsText("test");
        assertThat(page.getByText("i686").first()).isVisible();
        page.locator("#adopt-test").click();
        assertThat(page.locator("[data-vm='test']:visible")).isVisible();
        assertThat(page.locator("[data-vm='test']:visible .state")).hasText("running");
    }
}
