package org.xensv.webui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmSpec;

/**
 * The start-up warm-ups as the console runs them: the console's draws the first view at start, and,
 * while nobody has opened the console, draws it again once a burst of new inventory (a console filled
 * after it started) has settled; the migration engine's moves throwaway guests between scratch hosts,
 * once while the console starts and again once it is ready.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:warm-up-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "xensv.embedded.host-prefix=warmup${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1",
        "xensv.embedded.memory-mib=256",
        "xensv.embedded.suspend-on-stop=false",
        "xensv.embedded.directory=",
        "xensv.migration.warm-up=true"
})
class StartupWarmUpTest {

    /** Long enough for a shared, busy machine; the test waits only as long as the warm-up takes. */
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @Autowired
    VmService vms;
    @Autowired
    HostService hosts;

    /** One test: the console starts (and logs what its warm-ups did) in whichever test runs first. */
    @Test
    void warmsUpAtStartAndDrawsTheFirstViewAgainOnceANewInventoryHasSettled(CapturedOutput output) throws InterruptedException {
        awaitLine(output, "Warmed up the console's first view in");
        assertThat(output.getOut()).doesNotContain("again, for the new inventory");
        // the migration engine's: one pass while the console starts (4 workloads moved 4 times each), two once it is
        // ready (the 2 that write hardest)
        awaitLine(output, "Migration engine warmed up: 3 passes, 32 migrations of throwaway guests");
        assertThat(output.getOut()).doesNotContain("Migration engine warm-up failed");

        UUID host = hosts.list().getFirst().id();
        for (int i = 0; i < StartupWarmUp.NEW_OBJECTS; i++) {
            vms.create(new VmSpec("filled-%03d".formatted(i), null, "PV", 1, 64L, host, "IDLE", 8L,
                    null, null, null, null, null, null, false));
        }

        awaitLine(output, "Warmed up the console's first view (again, for the new inventory) in");
        assertThat(output.getOut()).contains(StartupWarmUp.NEW_OBJECTS + " new hosts and VMs since the console's first view was drawn")
                .contains("Warmed up the console's VM list (again, for the new inventory)");
    }

    private static void awaitLine(CapturedOutput output, String line) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!output.getOut().contains(line)) {
            assertThat(System.nanoTime()).as("the log line '%s' within %s", line, PATIENCE).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
