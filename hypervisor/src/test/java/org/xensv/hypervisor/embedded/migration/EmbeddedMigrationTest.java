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
