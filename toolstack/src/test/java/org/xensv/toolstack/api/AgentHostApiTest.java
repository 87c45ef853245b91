package org.xensv.toolstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.agent.client.AgentDriver;
import org.xensv.agent.pki.CertificateAuthority;
import org.xensv.agent.server.AgentConfig;
import org.xensv.agent.server.AgentServer;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

/**
 * A host agent added by {@code xensv+tcp://} through the REST API, as an admin adds a second
 * machine: its credentials issued from the console's CA, the agent listening on 127.0.0.1 with
 * mutual TLS, the host shown connected with its size, a VM run on it; stopping the agent shows the
 * host disconnected; a VM migrates live from one agent to another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AgentHostApiTest {

    @LocalServerPort
    int port;

    Api api;
    String poolId;
    AgentServer agent;
    String hostId;

    @BeforeEach
    void startAnAgentAndAddIt() throws Exception {
        api = new Api(port);
        poolId = api.get("/api/v1/pools").body().get(0).get("id").asString();
        agent = startAgent();
        hostId = add(agent);
    }

    /** An agent on 127.0.0.1 with credentials issued from the console's CA, as {@code xensv-agent issue} does. */
    private static AgentServer startAgent() throws Exception {
        String name = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        Path credentials = Files.createTempDirectory("xensv-agent-creds");
        CertificateAuthority.openOrCreate(AgentDriver.pkiDirectory()).issue(name, List.of("127.0.0.1"), credentials);
        return AgentServer.start(new AgentConfig("127.0.0.1", 0, 0, "127.0.0.1", credentials.resolve("data"),
                org.xensv.agent.pki.Credentials.in(credentials), name, 2, 256));
    }

    private String add(AgentServer server) {
        Api.Response added = api.post("/api/v1/hosts", """
                {"poolId": "%s", "name": "%s", "uri": "xensv+tcp://127.0.0.1:%d"}
                """.formatted(poolId, server.hostName(), server.port()));
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        return added.body().get("id").asString();
    }

    @AfterEach
    void removeTheHostAndStopTheAgent() {
        api.delete("/api/v1/hosts/" + hostId);
        agent.close();
    }

    @Test
    void theAgentsHostIsConnectedAndRunsAVm() {
        var host = api.get("/api/v1/hosts/" + hostId).body();
        assertThat(host.get("connection").asString()).as(host.toString()).isEqualTo("CONNECTED");
        assertThat(host.get("memoryMiB").asLong()).isEqualTo(256);
        assertThat(host.get("pcpus").asInt()).isEqualTo(2);

        Api.Response created = api.post("/api/v1/vms", """
                {"name": "on-an-agent", "type": "PV", "vcpus": 1, "memoryMiB": 64, "hostId": "%s", "start": true}
                """.formatted(hostId));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("vm").get("id").asString();
        awaitState(id, "RUNNING");
        assertThat(api.post("/api/v1/vms/" + id + "/hard-shutdown", null).status()).isEqualTo(202);
        awaitState(id, "HALTED");
        assertThat(api.delete("/api/v1/vms/" + id).status()).isEqualTo(202);
        Await.until("VM is gone", () -> api.get("/api/v1/vms/" + id).status() == 404);
    }

    @Test
    void aStoppedAgentShowsItsHostDisconnected() {
        Await.until("the host is connected",
                () -> api.get("/api/v1/hosts/" + hostId).body().get("connection").asString().equals("CONNECTED"));
        agent.close();
        Await.until("the host is shown disconnected",
                () -> api.get("/api/v1/hosts/" + hostId).body().get("connection").asString().equals("DISCONNECTED"));
        assertThat(api.get("/api/v1/hosts/" + hostId).body().get("connectionError").asString()).contains("xensv+tcp://127.0.0.1");
    }

    @Test
    void aVmMigratesLiveFromOneAgentToAnother() throws Exception {
        AgentServer second = startAgent();
        String secondId = add(second);
        try {
            Api.Response created = api.post("/api/v1/vms", """
                    {"name": "agent-traveller", "type": "PV", "vcpus": 1, "memoryMiB": 64, "hostId": "%s", "start": true}
                    """.formatted(hostId));
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            String id = created.body().get("vm").get("id").asString();
            awaitState(id, "RUNNING");

            Api.Response task = api.post("/api/v1/vms/" + id + "/migrate", "{\"hostId\": \"%s\"}".formatted(secondId));
            assertThat(task.status()).as(task.raw()).isEqualTo(202);
            String taskId = task.body().get("id").asString();
            var done = Await.value("migration finishes", () -> api.get("/api/v1/tasks/" + taskId).body(),
                    t -> !t.get("status").asString().equals("PENDING") && !t.get("status").asString().equals("RUNNING"));
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCESS");
            assertThat(api.get("/api/v1/vms/" + id).body().get("hostId").asString()).isEqualTo(secondId);
            awaitState(id, "RUNNING");

            assertThat(api.post("/api/v1/vms/" + id + "/hard-shutdown", null).status()).isEqualTo(202);
            awaitState(id, "HALTED");
            assertThat(api.delete("/api/v1/vms/" + id).status()).isEqualTo(202);
            Await.until("VM is gone", () -> api.get("/api/v1/vms/" + id).status() == 404);
        } finally {
            api.delete("/api/v1/hosts/" + secondId);
            second.close();
        }
    }

    private void awaitState(String vmId, String state) {
        Await.until("VM " + vmId + " is " + state, () -> {
            var vm = api.get("/api/v1/vms/" + vmId).body();
            return vm.get("powerState").asString().equals(state) && vm.get("currentOperation").isNull();
        });
    }
}
