package org.xensv.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.xensv.agent.pki.Credentials;
import org.xensv.agent.server.AgentConfig;
import org.xensv.agent.server.AgentServer;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.MemoryCheck;

/**
 * An agent's domains outlive the agent: a clean stop saves the running and paused ones and the next
 * start brings every domain back as it was; after a crash the domains come back halted.
 */
class AgentRestartTest {

    private final TestAgents agents = new TestAgents();
    private final String name = "restart-" + UUID.randomUUID().toString().substring(0, 8);
    private final Credentials credentials = agents.agentCredentials(name);

    private AgentServer start() {
        return agents.start(name, credentials, 512);
    }

    private static DomainConfig domain(String name) {
        return DomainConfig.of(name, 1, 64).withWorkload(new WorkloadSpec(WorkloadKind.DATABASE, 16, 8, 1_000, 11));
    }

    @Test
    void aCleanStopBringsEveryDomainBackAsItWas() {
        DomainConfig halted = domain("stays-halted");
        DomainConfig running = domain("keeps-running");
        DomainConfig paused = domain("stays-paused");
        AgentServer agent = start();
        try (HostConnection connection = agents.connect(agent)) {
            connection.lifecycle().define(halted);
            connection.lifecycle().define(running);
            connection.lifecycle().define(paused);
            connection.lifecycle().start(running.uuid());
            connection.lifecycle().start(paused.uuid());
            connection.lifecycle().pause(paused.uuid());
        }
        agent.stop();

        AgentServer again = start();
        try (HostConnection connection = agents.connect(again)) {
            assertThat(again.restoredDomains()).containsExactlyInAnyOrder("stays-halted", "keeps-running", "stays-paused");
            assertThat(connection.lifecycle().info(halted.uuid()).powerState()).isEqualTo(PowerState.HALTED);
            assertThat(connection.lifecycle().info(running.uuid()).powerState()).isEqualTo(PowerState.RUNNING);
            assertThat(connection.lifecycle().info(paused.uuid()).powerState()).isEqualTo(PowerState.PAUSED);
            assertThat(connection.lifecycle().config(running.uuid())).isEqualTo(running);
            var check = connection.require(MemoryCheck.class, "memory check").checkMemory(running.uuid());
            assertThat(check.failures()).isEmpty();
            assertThat(check.validPages()).isPositive();
            TestAgents.empty(connection);
        } finally {
            again.close();
        }
    }

    @Test
    void afterACrashARunningDomainComesBackHaltedAndAnUndefinedOneDoesNot() throws Exception {
        DomainConfig running = domain("was-running");
        DomainConfig forgotten = domain("forgotten");
        Path kept = agents.root().resolve("data").resolve(name).resolve("domains");
        AgentServer agent = start();
        try (HostConnection connection = agents.connect(agent)) {
            connection.lifecycle().define(forgotten);
            connection.lifecycle().define(running);
            connection.lifecycle().start(running.uuid());
            TestHostsWait.until("both configs are kept", () -> Files.exists(kept.resolve(running.uuid() + ".pb"))
                    && Files.exists(kept.resolve(forgotten.uuid() + ".pb")));
            connection.lifecycle().undefine(forgotten.uuid());
            TestHostsWait.until("the undefined domain's config is dropped", () -> !Files.exists(kept.resolve(forgotten.uuid() + ".pb")));
        }
        agent.close(); // no save: as if the process died

        AgentServer again = start();
        try (HostConnection connection = agents.connect(again)) {
            assertThat(connection.lifecycle().list()).extracting(i -> i.uuid()).containsExactly(running.uuid());
            assertThat(connection.lifecycle().info(running.uuid()).powerState()).isEqualTo(PowerState.HALTED);
            TestAgents.empty(connection);
        } finally {
            again.close();
        }
    }
}
