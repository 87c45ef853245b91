package org.xensv.webui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.FileChooser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The storage editor (upload through the browser) and a VM's Storage tab, in a real browser. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:e2e-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=st${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=2",
        "xensv.embedded.pcpus=4",
        "xensv.embedded.memory-mib=512",
        "vaadin.launch-browser=false",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory="
})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorageE2eTest {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    @LocalServerPort
    int port;
    @TempDir
    Path temp;

    private Playwright playwright;
    private com.microsoft.playwright.Browser browser;
    private BrowserContext context;
    private Page page;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void launchBrowser() {
        playwright = Browser.playwright();
        browser = Browser.chromium(playwright);
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    }

    @AfterAll
    void closeBrowser() {
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openConsole() {
        context = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1440, 900));
        page = context.newPage();
        page.setDefaultTimeout(20_000);
        Browser.signIn(page, port);
        page.navigate("http://localhost:" + port + "/");
        assertThat(page.locator("#inventory-tree")).isVisible();
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    private String get(String path) throws IOException, InterruptedException {
        return http.send(RestClient.signed(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + path))).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private String post(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(RestClient.signed(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + path)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        return r.body();
    }

    private static String id(String json) {
        Matcher m = ID.matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }

    private void upload(Path file) {
        FileChooser chooser = page.waitForFileChooser(() -> page.locator("#image-upload [slot='add-button']").click());
        chooser.setFiles(file);
    }

    @Test
    void theStorageEditorShowsRepositoriesAndUploadsAnImageThroughTheBrowser() throws Exception {
        page.locator("#open-storage").click();
        Locator editor = page.locator("#storage-editor");
        assertThat(page.locator("#sr-grid")).containsText("Local storage on");
        assertThat(page.locator("#sr-grid")).containsText("Shared storage of");
        assertThat(page.locator("#sr-grid")).containsText("free of");

        Path disk = temp.resolve("browser-disk.img");
        byte[] content = new byte[3 << 20];
        content[0] = 0x55;
        Files.write(disk, content);
        upload(disk);
        assertThat(page.locator("#storage-status")).containsText("Uploaded browser-disk");
        assertThat(page.locator("#image-grid")).containsText("browser-disk");
        assertThat(page.locator("#image-grid")).containsText("3.0 MiB");

        Path liar = temp.resolve("liar.qcow2");
        Files.writeString(liar, "this is not a qcow2 image, whatever its name says");
        page.locator("#image-upload [slot='add-button']").isVisible();
        page.evaluate("document.querySelector('#image-upload').files = []");
        upload(liar);
        assertThat(page.locator("#storage-status")).containsText("not a qcow2 image");
        assertThat(get("/images")).contains("browser-disk").doesNotContain("\"liar\"");

        page.locator("#image-name input").fill("blank-from-editor");
        page.locator("#image-size input").fill("16");
        page.locator("#image-blank").click();
        assertThat(page.locator("#image-grid")).containsText("blank-from-editor");
        assertThat(page.locator("#sr-grid")).isVisible();
        assertThat(editor).hasAttribute("opened", "");
    }

    @Test
    void theStorageTabAttachesAnImageToAHaltedVm() throws Exception {
        String shared = null;
        for (String part : get("/srs").split("\\},\\{")) {
            if (part.contains("\"SHARED\"")) {
                shared = id(part);
            }
        }
        assertThat(shared).isNotNull();
        post("/images", "{\"srId\":\"" + shared + "\",\"name\":\"tab-disk\",\"sizeMiB\":32}");
        String vm = id(post("/vms", "{\"name\":\"disk-guest\",\"vcpus\":1,\"memoryMiB\":128,\"type\":\"PV\"}"));
        page.locator("[data-vm='disk-guest']:visible").click();
        page.locator("#tab-storage").click();
        assertThat(page.locator("#storage-tab")).isVisible();

        page.locator("#vbd-image input").fill("tab-disk");
        page.locator("vaadin-combo-box-item").filter(new Locator.FilterOptions().setHasText("tab-disk")).first().click();
        page.locator("#vbd-bootable").click();
        page.locator("#vbd-attach").click();

        assertThat(page.locator("#vbd-grid")).containsText("xvda");
        assertThat(page.locator("#vbd-grid")).containsText("tab-disk");
        assertThat(page.locator("#vbd-grid")).containsText("boot disk");
        assertThat(get("/vms/" + vm + "/vbds")).contains("\"device\":\"xvda\"");

        page.locator("#vbd-device input").fill("bogus");
        page.locator("#vbd-attach").click();
        assertThat(page.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText("must be a device name")))
                .containsText("bogus");
        assertThat(get("/vms/" + vm + "/vbds")).doesNotContain("bogus");
    }

    @Test
    void theNewVmWizardGivesTheVmANewBlankDisk() throws Exception {
        page.locator("#new-vm").click();
        page.locator("#wizard-next").click(); // the Template step: a blank VM
        page.locator("#wizard-name input").fill("wizard-disk-vm");
        page.locator("#wizard-next").click();
        page.locator("#wizard-memory input").fill("128");
        page.locator("#wizard-next").click();
        page.locator("#wizard-start").click(); // do not start it
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-disk-kind")).isVisible();
        page.locator("#wizard-disk-kind vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("New blank disk")).click();
        assertThat(page.locator("#wizard-disk-size")).isVisible();
        page.locator("#wizard-disk-size input").fill("64");
        page.locator("#wizard-next").click();
        assertThat(page.locator("#wizard-summary")).containsText("New blank disk of 64 MiB");
        page.locator("#wizard-create").click();

        assertThat(page.locator("#new-vm-wizard")).hasCount(0);
        assertThat(page.locator("[data-vm='wizard-disk-vm']:visible")).isVisible();
        page.locator("[data-vm='wizard-disk-vm']:visible").click();
        page.locator("#tab-storage").click();
        assertThat(page.locator("#vbd-grid")).containsText("wizard-disk-vm-disk");
        assertThat(page.locator("#vbd-grid")).containsText("64.0 MiB");
        assertThat(get("/images")).contains("wizard-disk-vm-disk");
    }
}
