package org.xensv.webui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.BoundingBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.migration.FlightView;
import org.xensv.toolstack.migration.MigrationService;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmSpec;

/**
 * Migration as an admin does it in the browser: the Migrate wizard with its prediction and flight
 * report, a host that cannot take the VM shown with its reason, maintenance mode, and the VM's
 * Performance tab going on through a move. Guests are small (96 MiB, 32 MiB filled) so each
 * migration takes well under a second, unless a test limits its bandwidth to watch it fly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:mig-e2e-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=mig${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=5",
        "xensv.embedded.pcpus=4",
        "xensv.embedded.memory-mib=1024",
        "vaadin.launch-browser=false",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory="
})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrationE2eTest {

    @LocalServerPort
    int port;

    @Autowired
    HostService hosts;

    @Autowired
    VmService vms;

    @Autowired
    MigrationService migrations;

    private Playwright playwright;
    private com.microsoft.playwright.Browser browser;
    private BrowserContext context;
    private Page page;
    /** Five hosts by name: a and b for the wizard, c filled up, d evacuated, e emptied by bulk migrate. */
    private HostView a;
    private HostView b;
    private HostView c;
    private HostView d;
    private HostView e;

    @BeforeAll
    void launchBrowser() {
        playwright = Browser.playwright();
        browser = Browser.chromium(playwright);
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
        List<HostView> sorted = hosts.list().stream().sorted(Comparator.comparing(HostView::name)).toList();
        a = sorted.get(0);
        b = sorted.get(1);
        c = sorted.get(2);
        d = sorted.get(3);
        e = sorted.get(4);
    }

    @AfterAll
    void closeBrowser() {
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openConsole() {
        context = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1440, 1000));
        page = context.newPage();
        page.setDefaultTimeout(20_000);
        Browser.signIn(page, port);
        page.navigate("http://localhost:" + port + "/");
        assertThat(page.locator("#inventory-tree")).isVisible();
        assertThat(page.locator("[data-pool]").first()).isVisible();
    }

    @AfterEach
    void closeContext(org.junit.jupiter.api.TestInfo test) {
        shot("end-" + test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test"));
        context.close();
    }

    @Test
    void runningVmMovesThroughTheWizardWithPredictionAndFlightReport() {
        UUID id = smallVm("mover", 96, a.id());
        reload();
        assertThat(vmState("mover")).hasText("running");
        select(vmRow("mover"), "mover");
        assertThat(page.locator("#vm-migrate")).isEnabled();
        shot("before-migrate");

        page.locator("#vm-migrate").click();
        assertThat(page.locator("#migrate-host")).isVisible();
        destination(b.name()).click();
        page.locator("#migrate-next").click();
        assertThat(page.locator("#migrate-live")).isVisible();
        page.locator("#migrate-next").click();

        assertThat(page.locator("#migrate-prediction")).containsText("from " + a.name());
        assertThat(page.locator("#pred-total")).containsText("physical limit");
        assertThat(page.locator("#pred-bytes")).containsText("non-zero memory");
        assertThat(page.locator("#migrate-rates")).containsText("Guest dirties");
        shot("prediction");
        page.locator("#migrate-start").click();

        assertThat(page.locator("#migrate-outcome")).containsText("mover now runs on " + b.name());
        assertThat(page.locator("#migrate-report-downtime")).containsText("predicted");
        assertThat(page.locator("#migrate-report-total")).containsText("physical limit");
        assertThat(page.locator("#migrate-report-bytes")).isVisible();
        assertThat(page.locator("#migrate-rounds")).isVisible();
        shot("report");
        assertThat(page.locator("#migrate-report-charts svg")).not().hasCount(0);
        page.locator("#migrate-close").click();
        assertThat(page.locator("#migrate-wizard")).hasCount(0);

        assertThat(page.locator("#details")).containsText(b.name());
        filter(b.name());
        assertThat(vmRow("mover")).isVisible();
        filter(a.name());
        // no row of it shown (a row the grid recycles may keep its old content out of sight a moment)
        assertThat(page.locator("[data-vm='mover']:visible")).hasCount(0);
        assertThat(vms.get(id).hostId()).isEqualTo(b.id());
    }

    @Test
    void performanceTabKeepsUpdatingWhileTheVmMovesAndGoesOnFromTheNewHost() {
        UUID id = smallVm("watched", 96, a.id()); // 32 MiB at 20 Mbit/s: a flight of about 13 s, many samples
        reload();
        assertThat(vmState("watched")).hasText("running");
        select(vmRow("watched"), "watched");
        page.locator("#tab-performance").click();
        Locator charts = page.locator("#vm-performance");
        assertThat(charts.locator("polyline").first()).isAttached();
        int samplesBefore = Integer.parseInt(charts.getAttribute("data-samples"));

        page.locator("#vm-migrate").click();
        destination(b.name()).click();
        page.locator("#migrate-next").click();
        page.locator("#migrate-bandwidth").click();
        page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText("Custom")).click();
        page.locator("#migrate-custom-mbps input").fill("20");
        page.locator("#migrate-next").click();
        assertThat(page.locator("#pred-total")).containsText("physical limit");
        page.locator("#migrate-start").click();
        assertThat(page.locator("#migrate-phase")).isVisible();
        FlightView flight = migrations.latestFlightOf(id).orElseThrow();

        // While it flies, the dialog no longer blocks the console: move it aside and use the VM's tabs.
        dragDialogHeaderTo(550);
        page.locator("#tab-general").click();
        assertThat(page.locator("#vm-power-state")).isVisible();
        page.locator("#tab-performance").click();
        long during = sampleAfter(flight.startedAt());
        shot("performance-during-migration");

        assertThat(page.locator("#migrate-outcome")).containsText("watched now runs on " + b.name(),
                new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        Instant landed = migrations.flight(flight.taskId()).orElseThrow().finishedAt();
        assertThat(Instant.ofEpochMilli(during)).as("a sample taken while the VM moved").isBefore(landed);
        dragDialogHeaderTo(0);
        page.locator("#migrate-close").click();
        assertThat(page.locator("#migrate-wizard")).hasCount(0);

        assertThat(page.locator("[data-vm='watched'] .busy")).hasCount(0);
        assertThat(vms.get(id).hostId()).isEqualTo(b.id());
        long onB = sampleAfter(Instant.now());
        sampleAfter(Instant.ofEpochMilli(onB));
        assertThat(charts.locator(".xensv-empty")).isHidden();
        assertThat(Integer.parseInt(charts.getAttribute("data-samples"))).isGreaterThan(samplesBefore);
        shot("performance-after-migrate");
    }

    /** Drags the migration dialog by its header until the header's top is at {@code y}, as a user moves it. */
    private void dragDialogHeaderTo(double y) {
        BoundingBox header = page.locator("#migrate-wizard [part='header']").boundingBox();
        double grabX = header.x + 20;
        double grabY = header.y + header.height / 2;
        page.mouse().move(grabX, grabY);
        page.mouse().down();
        page.mouse().move(grabX, grabY + (y - header.y), new Mouse.MoveOptions().setSteps(8));
        page.mouse().up();
    }

    /** Waits until the Performance tab shows a sample taken after {@code after}; returns its time (epoch ms). */
    private long sampleAfter(Instant after) {
        return ((Number) page.waitForFunction("t => { const el = document.getElementById('vm-performance');"
                + " const v = el ? Number(el.dataset.lastSample) : 0; return v > t ? v : false; }",
                (double) after.toEpochMilli()).jsonValue()).longValue();
    }

    @Test
    void hostThatCannotTakeTheVmIsShownDisabledWithItsReason() {
        smallVm("filler", 800, c.id());
        smallVm("stayer", 400, a.id());
        reload();
        assertThat(vmState("stayer")).hasText("running");
        select(vmRow("stayer"), "stayer");
        page.locator("#vm-migrate").click();

        Locator full = page.locator("#migrate-host vaadin-radio-button").filter(new Locator.FilterOptions().setHasText(c.name()));
        assertThat(full).containsText("not enough free memory");
        assertThat(full).hasAttribute("disabled", "");
        Locator open = page.locator("#migrate-host vaadin-radio-button").filter(new Locator.FilterOptions().setHasText(b.name()));
        assertThat(open).not().hasAttribute("disabled", "");

        page.locator("#migrate-cancel-wizard").click();
        assertThat(page.locator("#migrate-wizard")).hasCount(0);
        assertThat(vms.get(vms.list().stream().filter(v -> v.name().equals("stayer")).findFirst().orElseThrow().id()).hostId())
                .isEqualTo(a.id());
    }

    @Test
    void maintenanceModeEvacuatesTheHostAndShowsEachVm() {
        smallVm("evac-1", 96, d.id());
        smallVm("evac-2", 96, d.id());
        reload();
        assertThat(vmState("evac-2")).hasText("running");
        select(page.locator("[data-host='" + d.name() + "'] .name"), d.name());
        shot("host-selected");
        page.locator("#host-maintenance-enter").click();
        shot("maintenance-confirm");
        page.locator("#maintenance-dialog-start").click();

        assertThat(page.locator("#evacuation-outcome")).containsText(d.name() + " is in maintenance mode");
        assertThat(page.locator("#evacuation-rows .status-moved[data-vm='evac-1']")).isVisible();
        assertThat(page.locator("#evacuation-rows .status-moved[data-vm='evac-2']")).isVisible();
        shot("maintenance-done");
        page.locator("#maintenance-dialog-close").click();
        assertThat(page.locator("[data-host='" + d.name() + "'] .state")).hasText("maintenance");
        assertThat(page.locator("#host-maintenance-exit")).isVisible();

        page.locator("#host-maintenance-exit").click();
        assertThat(page.locator("[data-host='" + d.name() + "'] .state")).hasCount(0);
        assertThat(vms.onHost(d.id())).isEmpty();
    }

    /** Opens the console afresh, so fixtures made through the services are in the first snapshot. */
    private void reload() {
        page.reload();
        assertThat(page.locator("#inventory-tree")).isVisible();
    }

    private void shot(String name) {
        if (Boolean.getBoolean("xensv.shots")) {
            page.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("target/mig-shots/" + name + ".png")));
        }
    }

    @Test
    void cancellingAMigrationLeavesTheVmRunningOnItsSource() {
        UUID id = smallVm("cancel-me", 96, a.id());
        reload();
        select(vmRow("cancel-me"), "cancel-me");
        page.locator("#vm-migrate").click();
        destination(b.name()).click();
        page.locator("#migrate-next").click();
        page.locator("#migrate-bandwidth").click();
        page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText("100 Mbit/s")).click();
        page.locator("#migrate-next").click();
        assertThat(page.locator("#pred-total")).containsText("physical limit");
        page.locator("#migrate-start").click();
        assertThat(page.locator("#migrate-phase")).isVisible();
        page.locator("#migrate-cancel").click();

        assertThat(page.locator("#migrate-outcome")).containsText("Migration cancelled");
        assertThat(page.locator("#migrate-stays")).hasText("The VM keeps running on " + a.name() + ".");
        shot("cancelled");
        page.locator("#migrate-close").click();
        assertThat(vmState("cancel-me")).hasText("running");
        assertThat(vms.get(id).hostId()).isEqualTo(a.id());
    }

    @Test
    void bulkMigrateMovesTheSelectedHostsVmsAsOneTask() {
        smallVm("bulk-1", 96, e.id());
        smallVm("bulk-2", 96, e.id());
        reload();
        assertThat(vmState("bulk-2")).hasText("running");
        select(page.locator("[data-host='" + e.name() + "'] .name"), e.name());
        page.locator("#bulk-migrate").click();
        assertThat(page.locator("#bulk-vms")).containsText("bulk-1");
        page.locator("#bulk-dialog-start").click();

        assertThat(page.locator("#evacuation-outcome")).containsText("Every selected VM moved");
        assertThat(page.locator("#evacuation-rows .status-moved[data-vm='bulk-1']")).isVisible();
        assertThat(page.locator("#evacuation-rows .status-moved[data-vm='bulk-2']")).isVisible();
        shot("bulk-done");
        page.locator("#bulk-dialog-close").click();
        assertThat(vms.onHost(e.id())).isEmpty();
    }

    private UUID smallVm(String name, long memoryMiB, UUID hostId) {
        VmSpec spec = new VmSpec(name, null, "PV", 1, memoryMiB, hostId, "IDLE", 32L, null, null, null, null, null, null, true);
        return vms.create(spec).vm().id();
    }

    /** Selects a tree row and waits until the details pane shows it. */
    private void select(Locator row, String name) {
        row.click();
        assertThat(page.locator("#details-title")).containsText(name);
    }

    private Locator destination(String hostName) {
        return page.locator("#migrate-host vaadin-radio-button").filter(new Locator.FilterOptions().setHasText(hostName));
    }

    private void filter(String text) {
        page.locator("#inventory-filter input").fill(text);
    }

    private Locator vmRow(String name) {
        return page.locator("[data-vm='" + name + "'] .name");
    }

    private Locator vmState(String name) {
        return page.locator("[data-vm='" + name + "'] .state");
    }
}
