package org.xensv.hypervisor.libvirt;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xensv.hypervisor.api.OperationNotSupportedException;
import org.xensv.hypervisor.migration.MigrationEndpoint;
import org.xensv.hypervisor.migration.MigrationHandle;
import org.xensv.hypervisor.migration.MigrationOptions;
import org.xensv.hypervisor.migration.MigrationPhase;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.hypervisor.migration.MigrationProgress;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.hypervisor.spi.Migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.ConsoleAccess;
import org.xensv.hypervisor.spi.HostConnection;

/**
 * Live migration of a real guest between two libvirt endpoints on this machine: the system daemon and a
 * second libvirtd whose URI is {@code XENSV_TEST_LIBVIRT_PEER} (scripts/test starts one in a mount
 * namespace of its own, listening on 127.0.0.1; see docs/libvirt.md). Skipped, saying why, without it.
 */
@Timeout(240)
class QemuMigrationTest {

    private static final Pattern HEARTBEAT = Pattern.compile("xensv-guest: heartbeat (\\d+)");

    private HostConnection source;
    private HostConnection destination;
    private TinyLinuxGuest guest;
    private UUID uuid;

    @BeforeEach
    void connect() throws IOException {
        String peer = System.getenv("XENSV_TEST_LIBVIRT_PEER");
        assumeTrue(peer != null && !peer.isBlank(),
                "no second libvirt endpoint: set XENSV_TEST_LIBVIRT_PEER (scripts/test starts one as root)");
        TinyLinuxGuest.assumeQemuHere();
        source = TinyLinuxGuest.connectEmulated(TinyLinuxGuest.SYSTEM);
        destination = TinyLinuxGuest.connectEmulated(URI.create(peer));
        guest = TinyLinuxGuest.build();
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (HostConnection host : new HostConnection[] {source, destination}) {
            if (host != null) {
                if (uuid != null) {
                    TinyLinuxGuest.remove(host, uuid);
                }
                host.close();
            }
        }
        if (guest != null) {
            guest.close();
        }
    }

    @Test
    void aMigrationToAnEmbeddedHostIsRefusedAsUnsupportedAndTheGuestRunsOn() {
        uuid = UUID.randomUUID();
        source.lifecycle().define(guest.config(uuid));
        source.lifecycle().start(uuid);

        assertThatThrownBy(() -> source.require(Migration.class, "live migration")
                .migrate(uuid, new MigrationEndpoint("127.0.0.1", 47000), MigrationOptions.defaults(), MigrationProgress.NONE))
                .isInstanceOf(OperationNotSupportedException.class)
                .hasMessageContaining("not a libvirt host");
        assertThat(source.lifecycle().info(uuid).powerState()).isEqualTo(PowerState.RUNNING);
    }

    @Test
    void aRunningGuestMovesLiveAndGoesOnCountingOnTheDestination() {
        uuid = UUID.randomUUID();
        source.lifecycle().define(guest.config(uuid));
        source.lifecycle().start(uuid);
        ConsoleAccess before = source.require(ConsoleAccess.class, "serial console");
        awaitHeartbeat(before, n -> n >= 2, "two heartbeats on the source");
        int lastOnSource = heartbeat(before.readConsole(uuid, 4096));

        List<MigrationProgress.Event> events = new CopyOnWriteArrayList<>();
        Migration from = source.require(Migration.class, "live migration");
        MigrationEndpoint to = destination.require(Migration.class, "incoming migration").receiveEndpoint();
        MigrationOptions options = MigrationOptions.defaults().withBandwidth(32L * 1024 * 1024);
        MigrationPrediction predicted = from.predict(uuid, options);
        MigrationHandle handle = from.migrate(uuid, to, options, events::add);
        MigrationReport report = handle.await();

        System.out.printf("libvirt migration: %d ms, downtime %d ms, %d bytes sent in %d rounds, %d progress events; predicted %d ms%n",
                report.totalTime().toMillis(), report.downtime().toMillis(), report.bytesOnWire(), report.rounds(), events.size(),
                predicted.totalTime().toMillis());
        assertThat(source.lifecycle().list()).noneMatch(d -> d.uuid().equals(uuid));
        assertThat(destination.lifecycle().info(uuid).powerState()).isEqualTo(PowerState.RUNNING);
        assertThat(destination.lifecycle().config(uuid).kernelBoot()).isEqualTo(guest.config(uuid).kernelBoot());
        // the flight report, from libvirt's job statistics
        assertThat(handle.phase()).isEqualTo(MigrationPhase.COMPLETED);
        assertThat(report.prediction()).isEqualTo(predicted);
        assertThat(report.totalTime()).isPositive();
        assertThat(report.bytesOnWire()).isPositive();
        assertThat(report.rounds()).isPositive();
        assertThat(report.downtime()).isLessThan(report.totalTime());
        assertThat(report.roundReports()).isNotEmpty();
        assertThat(report.roundReports().getLast().kind()).isEqualTo("stop-and-copy");
        assertThat(events).anyMatch(e -> e.phase() == MigrationPhase.PRE_COPY && e.remainingBytes() > 0);
        assertThat(events.getLast().phase()).isEqualTo(MigrationPhase.COMPLETED);
        // the same guest, not a new boot: its heartbeat goes on from where the source left it
        awaitHeartbeat(destination.require(ConsoleAccess.class, "serial console"), n -> n > lastOnSource, "a later heartbeat on the destination");
    }

    private void awaitHeartbeat(ConsoleAccess console, java.util.function.IntPredicate until, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            text = console.readConsole(uuid, 4096);
            if (until.test(heartbeat(text))) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no " + what + " within 90 s; the console shows:\n" + text);
    }

    private static int heartbeat(String text) {
        Matcher m = HEARTBEAT.matcher(text);
        int last = 0;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }
}
