package org.xensv.hypervisor.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.BadPowerStateException;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.SuspendImageException;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.ManagedSave;
import org.xensv.hypervisor.spi.MemoryCheck;

/** A host that stops with its process keeps its running and paused domains in saved images. */
class ManagedSaveTest {

    private final String hostName = TestHosts.uniqueName("save");
    private HostConnection conn = TestHosts.connect(hostName, 2, 2048);

    @AfterEach
    void removeHost() {
        conn.close();
        EmbeddedRuntime.remove(hostName);
    }

    @Test
    void aPausedDomainIsSavedWithoutRunningAndComesBackWithItsMemoryAfterTheHostRestarts() {
        DomainConfig config = started(TestHosts.small("db", WorkloadKind.DATABASE, 64, 8));
        conn.lifecycle().pause(config.uuid());
        long checksum = EmbeddedRuntime.existing(hostName).domain(config.uuid()).memory().checksum();

        save().managedSave(config.uuid());
        assertThat(conn.lifecycle().info(config.uuid()).powerState()).isEqualTo(PowerState.SUSPENDED);
        restartHost();

        assertThat(conn.lifecycle().list()).isEmpty();
        assertThat(save().hasManagedSaveImage(config.uuid())).isTrue();
        assertThat(save().defineFromManagedSave(config).powerState()).isEqualTo(PowerState.SUSPENDED);
        save().resumePaused(config.uuid());
        assertThat(conn.lifecycle().info(config.uuid()).powerState()).isEqualTo(PowerState.PAUSED);
        assertThat(EmbeddedRuntime.existing(hostName).domain(config.uuid()).memory().checksum()).isEqualTo(checksum);
        assertThat(check().checkMemory(config.uuid()).failures()).isEmpty();
        conn.lifecycle().unpause(config.uuid());
        assertThat(check().checkMemory(config.uuid()).failures()).isEmpty();
        conn.lifecycle().hardShutdown(config.uuid());
        conn.lifecycle().undefine(config.uuid());
    }

    @Test
    void aRunningDomainIsSavedAndRunsOnAfterTheHostRestartsWithItsMemoryIntact() {
        DomainConfig config = started(TestHosts.small("web", WorkloadKind.WEB, 64, 8));
        save().managedSave(config.uuid());
        restartHost();

        save().defineFromManagedSave(config);
        conn.lifecycle().resume(config.uuid());
        assertThat(conn.lifecycle().info(config.uuid()).powerState()).isEqualTo(PowerState.RUNNING);
        var report = check().checkMemory(config.uuid());
        assertThat(report.failures()).isEmpty();
        assertThat(report.validPages()).isPositive();
        assertThat(conn.lifecycle().info(config.uuid()).powerState()).isEqualTo(PowerState.RUNNING);
        conn.lifecycle().hardShutdown(config.uuid());
        conn.lifecycle().undefine(config.uuid());
    }

    @Test
    void aDomainWithoutAnImageIsNotDefinedFromOne() {
        DomainConfig config = TestHosts.small("idle", WorkloadKind.IDLE, 64, 4);
        assertThat(save().hasManagedSaveImage(config.uuid())).isFalse();
        assertThatThrownBy(() -> save().defineFromManagedSave(config)).isInstanceOf(SuspendImageException.class);
        assertThat(conn.lifecycle().list()).isEmpty();
    }

    @Test
    void onlyARunningOrPausedDomainCanBeSavedOrChecked() {
        DomainConfig config = TestHosts.small("halted", WorkloadKind.IDLE, 64, 4);
        conn.lifecycle().define(config);
        assertThatThrownBy(() -> save().managedSave(config.uuid())).isInstanceOf(BadPowerStateException.class);
        assertThatThrownBy(() -> check().checkMemory(config.uuid()))
                .isInstanceOf(HypervisorException.class).hasMessageContaining("halted");
    }

    private DomainConfig started(DomainConfig config) {
        conn.lifecycle().define(config);
        conn.lifecycle().start(config.uuid());
        EmbeddedDomain domain = EmbeddedRuntime.existing(hostName).domain(config.uuid());
        long fill = config.workload().fitTo(config.memory()).fillMiB() * 256;
        TestHosts.await("boot", () -> domain.memory().pageWritesTotal() >= fill);
        return config;
    }

    /** The process stopped and started again: a new host of the same name, knowing no domain. */
    private void restartHost() {
        conn.close();
        EmbeddedRuntime.remove(hostName);
        conn = TestHosts.connect(hostName, 2, 2048);
    }

    private ManagedSave save() {
        return conn.find(ManagedSave.class).orElseThrow();
    }

    private MemoryCheck check() {
        return conn.find(MemoryCheck.class).orElseThrow();
    }
}
