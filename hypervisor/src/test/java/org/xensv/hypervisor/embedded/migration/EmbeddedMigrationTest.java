package org.xensv.hypervisor.embedded.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.embedded.EmbeddedDomain;
import org.xensv.hypervisor.embedded.EmbeddedRuntime;
import org.xensv.hypervisor.embedded.TestHosts;
import org.xensv.hypervisor.embedded.workload.WorkloadInvariant;
import org.xensv.hypervisor.migration.MigrationFailedException;
import org.xensv.hypervisor.migration.MigrationMode;
import org.xensv.hypervisor.migration.MigrationOptions;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.Migration;

/** Migration between two embedded hosts through the SPI, with the runtime's real scheduler and workloads. */
class EmbeddedMigrationTest {

    private final String nameA = TestHosts.uniqueName("mig-a");
    private final String nameB = TestHosts.uniqueName("mig-b");
    private final HostConnection a = TestHosts.connect(nameA, 2, 1024);
    private final HostConnection b = TestHosts.connect(nameB, 2, 1024);

    @AfterEach
    void close() {
        EmbeddedRuntime.remove(nameA);
        EmbeddedRuntime.remove(nameB);
    }

    private UUID startVm(WorkloadKind kind) {
        DomainConfig config = TestHosts.small("vm-" + kind.name().toLowerCase(), kind, 128, 64);
        a.lifecycle().define(config);
        a.lifecycle().start(config.uuid());
        EmbeddedDomain d = EmbeddedRuntime.existing(nameA).domain(config.uuid());
        TestHosts.await("boot", () -> d.memory().populatedPages() >= 64 * 256);
        return config.uuid();
    }

    private void assertRunsOnBOnly(UUID uuid) {
        assertThat(b.lifecycle().info(uuid).powerState()).isEqualTo(PowerState.RUNNING);
        assertThat(a.lifecycle().list()).noneMatch(d -> d.uuid().equals(uuid));
        EmbeddedDomain moved = EmbeddedRuntime.existing(nameB).domain(uuid);
        moved.pause();
        assertThat(WorkloadInvariant.verify(moved.memory(), moved.captureState()).failures()).isEmpty();
        moved.unpause();
    }

    @Test
    void aWebServerMovesBetweenHostsThroughTheSpi() {
        UUID uuid = startVm(WorkloadKind.WEB);
        Migration source = a.require(Migration.class, "migrate");
        var endpoint = b.require(Migration.class, "migrate").receiveEndpoint();
        MigrationReport report = source.migrate(uuid, endpoint, MigrationOptions.defaults().withDowntimeTarget(Duration.ofMillis(50)), null).await();
        assertThat(report.memoryChecksum()).isNotZero();
        assertThat(report.rounds()).isPositive();
        assertRunsOnBOnly(uuid);
    }

    @Test
    void theSourcesGuestMemoryGoesBackToTheSystemOnceTheVmHasMovedAndTheMovedOnesWhenItIsDestroyed() {
        UUID uuid = startVm(WorkloadKind.DATABASE);
        var sourceMemory = EmbeddedRuntime.existing(nameA).domain(uuid).memory();
        Migration source = a.require(Migration.class, "migrate");
        source.migrate(uuid, b.require(Migration.class, "migrate").receiveEndpoint(), MigrationOptions.defaults(), null).await();
        TestHosts.await("source memory released", sourceMemory::released);
        assertThatThrownBy(() -> sourceMemory.pageChecksum(0)).as("unmapped: a late reader fails, the process does not")
                .isInstanceOf(IllegalStateException.class);

        var movedMemory = EmbeddedRuntime.existing(nameB).domain(uuid).memory();
        assertThat(movedMemory.released()).isFalse();
        b.lifecycle().hardShutdown(uuid);
        TestHosts.await("destination memory released", movedMemory::released);
    }

    @Test
    void aHostLocalDiskImageTravelsWithTheVmWritesDuringTheMigrationIncluded() throws Exception {
        DomainConfig config = TestHosts.small("vm-disk", WorkloadKind.IDLE, 128, 16)
                .withDisks(java.util.List.of(org.xensv.hypervisor.api.DiskConfig.ofSize(8)));
        a.lifecycle().define(config);
        a.lifecycle().start(config.uuid());
        EmbeddedDomain d = EmbeddedRuntime.existing(nameA).domain(config.uuid());
        var disk = d.hostLocalDisks().get(0);
        java.nio.file.Path sourceImage = disk.image();
        // the "guest's" I/O, from this thread: blocks all over the image, and one block rewritten until the pause
        byte[] block = new byte[4096];
        for (int i = 0; i < 40; i++) {
            java.util.Arrays.fill(block, (byte) (i + 1));
            assertThat(disk.write((long) i * 200 * 1024, block, System.nanoTime())).isTrue();
        }
        Object io = new Object();
        java.util.concurrent.atomic.AtomicBoolean paused = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<byte[]> atPause = new java.util.concurrent.atomic.AtomicReference<>();
        Thread writer = Thread.ofVirtual().start(() -> {
            long counter = 0;
            byte[] b = new byte[512];
            while (true) {
                synchronized (io) {
                    if (paused.get()) {
                        return;
                    }
                    java.nio.ByteBuffer.wrap(b).putLong(++counter);
                    disk.write(4L << 20, b, System.nanoTime());
                }
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
            }
        });
        var endpoint = b.require(Migration.class, "migrate").receiveEndpoint();
        MigrationOptions options = MigrationOptions.defaults().withBandwidth(20_000_000).withPostCopy(false);
        MigrationReport report = a.require(Migration.class, "migrate").migrate(config.uuid(), endpoint, options, e -> {
            if (e.phase() == org.xensv.hypervisor.migration.MigrationPhase.STOP_AND_COPY && !paused.get()) {
                synchronized (io) { // the source is paused now: what its image holds is what must arrive
                    paused.set(true);
                    try {
                        atPause.set(java.nio.file.Files.readAllBytes(sourceImage));
                    } catch (java.io.IOException ex) {
                        throw new java.io.UncheckedIOException(ex);
                    }
                }
            }
        }).await();
        writer.join();

        assertRunsOnBOnly(config.uuid());
        var moved = EmbeddedRuntime.existing(nameB).domain(config.uuid()).hostLocalDisks().get(0);
        assertThat(moved.image()).isNotEqualTo(sourceImage);
        assertThat(java.nio.file.Files.readAllBytes(moved.image())).as("the destination's image = the source's at the pause")
                .isEqualTo(atPause.get());
        assertThat(java.nio.file.Files.exists(sourceImage)).as("the source's image is gone with the VM").isFalse();
        assertThat(report.bytesOnWire()).isGreaterThan(40L * 64 * 1024);
    }

    @Test
    void aStreamerMovesByPostCopy() {
        UUID uuid = startVm(WorkloadKind.STREAMER);
        var endpoint = b.require(Migration.class, "migrate").receiveEndpoint();
        MigrationOptions options = MigrationOptions.defaults().withBandwidth(100_000_000).withDowntimeTarget(Duration.ofMillis(20)).withPostCopy(true);
        MigrationReport report = a.require(Migration.class, "migrate").migrate(uuid, endpoint, options, null).await();
        assertThat(report.mode()).isEqualTo(MigrationMode.POST_COPY);
        assertRunsOnBOnly(uuid);
    }

    @Test
    void aRefusedMigrationLeavesTheVmRunningOnItsSource() {
        String small = TestHosts.uniqueName("mig-small");
        HostConnection c = TestHosts.connect(small, 2, 64);
        try {
            UUID uuid = startVm(WorkloadKind.IDLE);
            var endpoint = c.require(Migration.class, "migrate").receiveEndpoint();
            assertThatThrownBy(() -> a.require(Migration.class, "migrate").migrate(uuid, endpoint, MigrationOptions.defaults(), null).await())
                    .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                        assertThat(e.sourceRunning()).isTrue();
                        assertThat(e.reason()).contains("memory");
                    });
            assertThat(a.lifecycle().info(uuid).powerState()).isEqualTo(PowerState.RUNNING);
            assertThat(c.lifecycle().list()).isEmpty();
        } finally {
            EmbeddedRuntime.remove(small);
        }
    }
}
