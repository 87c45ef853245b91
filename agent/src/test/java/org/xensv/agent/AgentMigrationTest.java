package org.xensv.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xensv.agent.server.AgentServer;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.MemoryCheckReport;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;
import org.xensv.hypervisor.migration.MigrationEndpoint;
import org.xensv.hypervisor.migration.MigrationOptions;
import org.xensv.hypervisor.migration.MigrationProgress;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.MemoryCheck;
import org.xensv.hypervisor.spi.Migration;

/**
 * A running guest moves live from one agent to another over 127.0.0.1: the console asks the
 * destination agent for its endpoint and the source agent to migrate there; the stream goes agent
 * to agent over TLS with the console's CA, and the guest arrives with every page it wrote.
 */
class AgentMigrationTest {

    private static TestAgents agents;
    private static AgentServer source;
    private static AgentServer destination;

    @BeforeAll
    static void start() {
        agents = new TestAgents();
        source = agents.start("source", 512);
        destination = agents.start("destination", 512);
    }

    @AfterAll
    static void stop() {
        source.close();
        destination.close();
    }

    @Test
    void aRunningGuestMovesToAnotherAgentWithItsMemoryIntact() {
        try (HostConnection from = agents.connect(source); HostConnection to = agents.connect(destination)) {
            DomainConfig config = DomainConfig.of("traveller", 1, 128)
                    .withWorkload(new WorkloadSpec(WorkloadKind.DATABASE, 64, 16, 2_000, 7));
            from.lifecycle().define(config);
            from.lifecycle().start(config.uuid());

            MigrationEndpoint endpoint = to.require(Migration.class, "migration").receiveEndpoint();
            assertThat(endpoint.port()).isNotEqualTo(destination.port());
            var progress = new CopyOnWriteArrayList<MigrationProgress.Event>();
            var handle = from.require(Migration.class, "migration").migrate(config.uuid(), endpoint, MigrationOptions.defaults(), progress::add);
            assertThat(handle.migrationId()).isNotNull();
            assertThat(handle.prediction().nonZeroBytes()).isPositive();
            MigrationReport report = handle.await();

            assertThat(report.domain()).isEqualTo(config.uuid());
            assertThat(report.destination()).isEqualTo(endpoint.toString());
            assertThat(report.pagesSent()).isPositive();
            assertThat(report.roundReports()).isNotEmpty();
            assertThat(progress).isNotEmpty();
            assertThat(from.lifecycle().list()).extracting(i -> i.uuid()).doesNotContain(config.uuid());
            assertThat(to.lifecycle().info(config.uuid()).powerState()).isEqualTo(PowerState.RUNNING);
            assertThat(to.lifecycle().config(config.uuid())).isEqualTo(config);
            MemoryCheckReport check = to.require(MemoryCheck.class, "memory check").checkMemory(config.uuid());
            assertThat(check.failures()).isEmpty();
            assertThat(check.validPages()).isPositive();

            TestAgents.empty(to);
        }
    }
}
