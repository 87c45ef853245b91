package org.xensv.agent;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.xensv.agent.server.AgentServer;
import org.xensv.hypervisor.spi.DriverContractTest;
import org.xensv.hypervisor.spi.HostConnection;

/** The SPI contract through an agent on 127.0.0.1: gRPC over TCP with mutual TLS, the embedded runtime behind it. */
class AgentDriverContractTest extends DriverContractTest {

    private static TestAgents agents;
    private static AgentServer agent;

    @BeforeAll
    static void startAgent() {
        agents = new TestAgents();
        agent = agents.start("contract", 1024);
    }

    @AfterAll
    static void stopAgent() {
        agent.close();
    }

    @Override
    protected HostConnection connect() {
        return agents.connect(agent);
    }

    @Override
    protected void disconnect(HostConnection connection) {
        TestAgents.empty(connection);
        connection.close();
    }
}
