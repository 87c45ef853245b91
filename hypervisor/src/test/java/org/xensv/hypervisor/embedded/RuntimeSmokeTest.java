package org.xensv.hypervisor.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.embedded.workload.WorkloadInvariant;
import org.xensv.hypervisor.spi.ConsoleAccess;
import org.xensv.hypervisor.spi.StatsSource;

class RuntimeSmokeTest {

    @Test
    void aWebGuestBootsRunsAndKeepsItsInvariant() {
        String hostName = TestHosts.uniqueName("smoke");
        try (var conn = TestHosts.connect(hostName, 2, 4096)) {
            var config = TestHosts.small("web1", WorkloadKind.WEB, 256, 32);
            conn.lifecycle().define(config);
            conn.lifecycle().start(config.uuid());
            EmbeddedDomain domain = EmbeddedRuntime.existing(hostName).domain(config.uuid());
            TestHosts.await("some page writes after boot", () -> domain.memory().pageWritesTotal() > 8192 + 2000);
            conn.lifecycle().pause(config.uuid());
            var report = WorkloadInvariant.verify(domain.memory(), domain.captureState());
            assertThat(report.failures()).isEmpty();
            assertThat(report.validPages()).isEqualTo(8192);
            var console = conn.require(ConsoleAccess.class, "console").readConsole(config.uuid(), 4096);
            assertThat(console).contains("Boot complete");
            var stats = conn.require(StatsSource.class, "stats").domainStats(config.uuid());
            assertThat(stats.cpuTimeNanos()).isPositive();
            assertThat(stats.memoryTouchedBytes()).isEqualTo(32L << 20);
        } finally {
            EmbeddedRuntime.remove(hostName);
        }
    }
}
