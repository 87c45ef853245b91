package org.xensv.webui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.FileChooser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.FilePayload;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * An admin's first VM from nothing, all in the browser: a VLAN network, a QoS policy, an uploaded
 * image, a VM built from them in the wizard, exported as xl.cfg and imported back as a second VM that starts;
 * the same VM's libvirt XML passes {@code virt-xml-validate}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:e2e-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=fs${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1",
        "xensv.embedded.pcpus=4",
        "xensv.embedded.memory-mib=512",
        "vaadin.launch-browser=false",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory="
})
class FromScratchE2eTest extends ConsoleInBrowser {

    private static final Path VALIDATOR = Path.of("/usr/bin/virt-xml-validate");

    @TempDir
    Path temp;

    @BeforeEach
    void openConsole() {
        openConsole(new com.microsoft.playwright.Browser.NewContextOptions().setAcceptDownloads(true));
        assertThat(page.locator("[data-pool]:visible").first()).isVisible();
    }

    @Test
    void aVmBuiltFromANetworkAPolicyAndAnUploadedImageTravelsAsXlCfgAndStartsAgain() throws Exception {
        // a VLAN network
        page.locator("#open-networks").click();
        page.locator("#new-network").click();
        input("network-name").fill("prod-vlan");
        input("network-vlan").fill("120");
        page.locator("#save-network").click();
        assertThat(page.locator("#network-grid")).containsText("VLAN 120");
        page.locator("#network-editor vaadin-button:has-text('Close')").click();

        // a QoS policy
        page.locator("#open-qos").click();
        page.locator("#new-qos").click();
        input("qos-name").fill("Silver");
        input("qos-nic-rate").fill("8Mb/s");
        input("qos-cpu-weight").fill("512");
        input("qos-disk-iops").fill("300");
        page.locator("#save-qos").click();
        assertThat(page.locator("#qos-grid")).containsText("CPU weight 512");
        page.locator("#qos-editor vaadin-button:has-text('Close')").click();

        // an uploaded image
        page.locator("#open-storage").click();
        Path disk = temp.resolve("app-disk.img");
        Files.write(disk, new byte[4 << 20]);
        FileChooser chooser = page.waitForFileChooser(() -> page.locator("#image-upload [slot='add-button']").click());
        chooser.setFiles(disk);
        assertThat(page.locator("#storage-status")).containsText("Uploaded app-disk");
        page.locator("#storage-editor vaadin-button:has-text('Close')").click();

        // the VM, in the wizard: under the policy, a NIC on the VLAN, the uploaded image as its disk, started
        page.locator("#new-vm").click();
        page.locator("#wizard-next").click(); // the Template step: a blank VM
        input("wizard-name").fill("app-1");
        page.locator("#wizard-next").click();
        input("wizard-memory").fill("64");
        page.locator("#wizard-qos").click();
        page.locator("vaadin-combo-box-item:has-text('Silver')").click();
        assertThat(input("wizard-qos")).hasValue("Silver");
        page.locator("#wizard-next").click();
        page.locator("#wizard-remove-nic-0").click();
        page.locator("#wizard-nic-network").click();
        page.locator("vaadin-combo-box-item:has-text('prod-vlan')").click();
        page.locator("#wizard-add-nic").click();
        assertThat(page.locator("#wizard-nic-list")).containsText("prod-vlan (VLAN 120)");
        page.locator("#wizard-next").click();
        page.locator("#wizard-disk-kind vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("Existing image")).click();
        page.locator("#wizard-disk-image input").fill("app-disk");
        page.locator("vaadin-combo-box-item").filter(new Locator.FilterOptions().setHasText("app-disk")).first().click();
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-summary")).containsText("app-disk");
        assertThat(page.locator("#wizard-summary")).containsText("Silver (VM, NICs and disk)");
        page.locator("#wizard-create").click();
        assertThat(page.locator("#new-vm-wizard")).hasCount(0);
        assertThat(vmState("app-1")).hasText("running");

        // the policy applies to the VM's CPU, its NIC and its disk
        vmRow("app-1").click();
        page.locator("#tab-qos").click();
        assertThat(page.locator("#qos-applies-cpu-weight")).containsText("512 (policy Silver)");
        page.locator("#tab-network").click();
        assertThat(page.locator("#vif-grid")).containsText("(policy Silver)");
        page.locator("#tab-storage").click();
        assertThat(page.locator("#vbd-grid")).containsText("300");

        // exported as xl.cfg and libvirt XML
        page.locator("#export-vm").click();
        Download xl = page.waitForDownload(() -> page.locator("#export-xl").click());
        String cfg = Files.readString(xl.path(), StandardCharsets.UTF_8);
        assertThat(cfg).contains("name = \"app-1\"").contains("bridge=prod-vlan.120").contains("vdev=xvda")
                .contains("cpu_weight = 512").contains("rate=8");
        Download xml = page.waitForDownload(() -> page.locator("#export-libvirt").click());
        assertValid(Files.readString(xml.path(), StandardCharsets.UTF_8));
        page.locator("#export-close").click();

        // imported back as a second VM that starts
        page.locator("#import-vm").click();
        page.locator("#import-upload input[type=file]").setInputFiles(
                new FilePayload("app-1.cfg", "text/plain", cfg.getBytes(StandardCharsets.UTF_8)));
        assertThat(page.locator("#import-text textarea")).hasValue(cfg);
        input("import-name").fill("app-2");
        page.locator("#import-start").click();
        page.locator("#import-submit").click();
        assertThat(page.locator("#import-result")).containsText("Created VM app-2, starting");
        assertThat(page.locator("#import-ignored")).containsText("own copy");
        assertThat(page.locator("#import-ignored")).containsText("is taken in the pool");
        page.locator("#import-close").click();
        assertThat(vmState("app-2")).hasText("running");

        vmRow("app-2").click();
        page.locator("#tab-network").click();
        assertThat(page.locator("#vif-grid")).containsText("VLAN 120");
        page.locator("#tab-storage").click();
        assertThat(page.locator("#vbd-grid")).containsText("app-2-xvda");
    }

    private static void assertValid(String xml) throws Exception {
        assumeTrue(Files.isExecutable(VALIDATOR), "virt-xml-validate (Debian's libvirt-clients) is not installed");
        Path doc = Files.createTempFile("app-1", ".xml");
        try {
            Files.writeString(doc, xml);
            Process p = new ProcessBuilder(VALIDATOR.toString(), doc.toString(), "domain").redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(output + "\n" + xml).isZero();
        } finally {
            Files.deleteIfExists(doc);
        }
    }
}
