package org.xensv.hypervisor.embedded.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.embedded.EmbeddedRuntime;
import org.xensv.hypervisor.embedded.TestHosts;
import org.xensv.hypervisor.memory.KeptRam;
import org.xensv.hypervisor.migration.MigrationOptions;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.hypervisor.migration.Migrations;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.Migration;

class EmbeddedMigrationWarmUpTest {

    private final String nameA = TestHosts.uniqueName("warm-a");
    private final String nameB = TestHosts.uniqueName("warm-b");

    @AfterEach
    void close() {
        EmbeddedRuntime.remove(nameA);
        EmbeddedRuntime.remove(nameB);
    }

    @Test
    void aPassMovesAGuestOfEachWorkloadBackAndForthAndGivesItsMemoryBack() {
        long inUse = KeptRam.inUseBytes();

        EmbeddedMigrationWarmUp.Pass pass = EmbeddedMigrationWarmUp.run();

        assertThat(pass.yielded()).isFalse();
        assertThat(pass.reports()).hasSize(EmbeddedMigrationWarmUp.KINDS.size() * EmbeddedMigrationWarmUp.MIGRATIONS_PER_GUEST);
        assertThat(pass.reports()).extracting(MigrationReport::memoryChecksum).doesNotContain(0L);
        assertThat(pass.reports().stream().map(MigrationReport::destination).distinct()).as("back and forth between two hosts").hasSize(2);
        assertThat(EmbeddedRuntime.existing("migration-warm-up-a")).as("scratch hosts are nobody's to connect to").isNull();
        TestHosts.await("the throwaway guests' memory given back", () -> KeptRam.inUseBytes() == inUse);
    }

    @Test
    void aPassStopsOnceAMigrationOfAUsersHasStarted() throws Exception {
        HostConnection a = TestHosts.connect(nameA, 2, 256);
        HostConnection b = TestHosts.connect(nameB, 2, 256);
        DomainConfig config = TestHosts.small("users-vm", WorkloadKind.IDLE, 64, 16);
        a.lifecycle().define(config);
        a.lifecycle().start(config.uuid());
        UUID uuid = config.uuid();
        TestHosts.await("boot", () -> EmbeddedRuntime.existing(nameA).domain(uuid).memory().populatedPages() >= 16 * 256);
        long before = Migrations.started();

        CompletableFuture<EmbeddedMigrationWarmUp.Pass> warmUp = CompletableFuture.supplyAsync(EmbeddedMigrationWarmUp::run);
        TestHosts.await("the warm-up's first migration", () -> Migrations.started() > before);
        a.require(Migration.class, "migrate").migrate(uuid, b.require(Migration.class, "migrate").receiveEndpoint(),
                MigrationOptions.defaults(), null).await();
        EmbeddedMigrationWarmUp.Pass pass = warmUp.get();

        assertThat(pass.yielded()).isTrue();
        assertThat(pass.reports()).hasSizeLessThan(EmbeddedMigrationWarmUp.KINDS.size() * EmbeddedMigrationWarmUp.MIGRATIONS_PER_GUEST);
        assertThat(b.lifecycle().info(uuid).powerState()).isEqualTo(PowerState.RUNNING);
    }
}
