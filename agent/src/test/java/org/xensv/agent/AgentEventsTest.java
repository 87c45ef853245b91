package org.xensv.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xensv.agent.pki.Credentials;
import org.xensv.agent.proto.HostAgentGrpc;
import org.xensv.agent.proto.HostEvent;
import org.xensv.agent.proto.WatchRequest;
import org.xensv.agent.server.AgentServer;
import org.xensv.hypervisor.api.CrashAction;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;
import org.xensv.hypervisor.spi.DomainEventListener;
import org.xensv.hypervisor.spi.DomainEvents;
import org.xensv.hypervisor.spi.DomainFaults;
import org.xensv.hypervisor.spi.HostConnection;

/** The agent pushes what happens on its host: domain events through the driver, and host stats on the same stream. */
class AgentEventsTest {

    private static TestAgents agents;
    private static AgentServer agent;

    @BeforeAll
    static void start() {
        agents = new TestAgents();
        agent = agents.start("events", 512);
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    record Event(UUID uuid, PowerState state, String reason) {
    }

    @Test
    void aCrashOnTheAgentReachesTheConsolesListener() throws Exception {
        try (HostConnection connection = agents.connect(agent)) {
            BlockingQueue<Event> events = new LinkedBlockingQueue<>();
            DomainEventListener listener = (uuid, state, reason) -> events.add(new Event(uuid, state, reason));
            DomainConfig config = DomainConfig.of("crashy", 1, 64).withOnCrash(CrashAction.DESTROY)
                    .withWorkload(new WorkloadSpec(WorkloadKind.IDLE, 1, 0, 0, 3));
            try (AutoCloseable subscription = connection.require(DomainEvents.class, "events").subscribe(listener)) {
                connection.lifecycle().define(config);
                connection.lifecycle().start(config.uuid());
                connection.require(DomainFaults.class, "faults").injectCrash(config.uuid(), "test");
                Event event = events.poll(60, TimeUnit.SECONDS);
                assertThat(event).isNotNull();
                assertThat(event.uuid()).isEqualTo(config.uuid());
                assertThat(event.state()).isEqualTo(PowerState.HALTED);
                assertThat(event.reason()).contains("crashed (test)");
            }
            TestAgents.empty(connection);
        }
    }

    @Test
    void theWatchStreamCarriesHostStats() {
        Credentials mine = agents.ca().consoleCredentials();
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", agent.port(),
                TlsChannelCredentials.newBuilder().keyManager(mine.keyManagers()).trustManager(mine.trustManagers()).build()).build();
        try {
            Iterator<HostEvent> stream = HostAgentGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                    .watch(WatchRequest.newBuilder().setStatsIntervalMillis(100).build());
            long previous = -1;
            for (int i = 0; i < 3; i++) {
                HostEvent event = stream.next();
                assertThat(event.getEventCase()).isEqualTo(HostEvent.EventCase.HOST_STATS);
                assertThat(event.getHostStats().getMemoryMib()).isEqualTo(512);
                assertThat(event.getHostStats().getTimestampNanos()).isGreaterThan(previous);
                previous = event.getHostStats().getTimestampNanos();
            }
        } finally {
            channel.shutdownNow();
        }
    }
}
