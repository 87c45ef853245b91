package org.xensv.toolstack.api;

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

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host view through the REST API, in a pool of its own: usage, VMs, networks and storage of a
 * host; an agent's version, and the last error (with when) of a host whose agent stopped; and a host
 * moved to another pool only once it has no VMs, taking its local storage along.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostViewApiTest {

    @LocalServerPort
    int port;

    Api api;
    String suffix;
    String poolId;
    String poolName;
    String hostId;
    String hostName;

    @BeforeEach
    void aPoolWithOneHost() {
        api = new Api(port);
        suffix = UUID.randomUUID().toString().substring(0, 6);
        poolName = "hostview-" + suffix;
        poolId = createPool(poolName);
        hostName = "hv-" + suffix;
        Api.Response host = api.post("/api/v1/hosts", """
                {"poolId": "%s", "name": "%s", "uri": "embedded://%s?pcpus=2&memoryMiB=160"}
                """.formatted(poolId, hostName, hostName));
        assertThat(host.status()).as(host.raw()).isEqualTo(201);
        hostId = host.body().get("id").asString();
    }

    private String createPool(String name) {
        Api.Response pool = api.post("/api/v1/pools", "{\"name\": \"" + name + "\"}");
        assertThat(pool.status()).as(pool.raw()).isEqualTo(201);
        return pool.body().get("id").asString();
    }

    @AfterEach
    void removeIt() {
        for (JsonNode vm : api.get("/api/v1/hosts/" + hostId + "/overview").body().path("vms")) {
            String id = vm.get("id").asString();
            if (!vm.get("powerState").asString().equals("HALTED")) {
                api.post("/api/v1/vms/" + id + "/hard-shutdown", null);
                Await.until("VM halted", () -> api.get("/api/v1/vms/" + id).body().get("powerState").asString().equals("HALTED")
                        && api.get("/api/v1/vms/" + id).body().get("currentOperation").isNull());
            }
            api.delete("/api/v1/vms/" + id);
            Await.until("VM gone", () -> api.get("/api/v1/vms/" + id).status() == 404);
        }
        api.delete("/api/v1/hosts/" + hostId);
        api.delete("/api/v1/pools/" + poolId);
    }

    private String createVm(String name, boolean start) {
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "%s", "vcpus": 2, "memoryMiB": 48, "hostId": "%s", "start": %s}
                """.formatted(name, hostId, start));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("vm").get("id").asString();
        if (start) {
            Await.until(name + " runs", () -> api.get("/api/v1/vms/" + id).body().get("powerState").asString().equals("RUNNING"));
        }
        return id;
    }

    @Test
    void theOverviewShowsUsageVmsNetworksStorageAndConnection() {
        createVm("hv-run-" + suffix, true);

        // the figures are the host's last sample (once a second): wait for one taken since the VM started
        Await.until("the host's CPU use and the running VM's memory are sampled", () -> {
            JsonNode sampled = api.get("/api/v1/hosts/" + hostId + "/overview").body();
            return !sampled.get("cpuPercent").isNull() && sampled.get("memoryUsedMiB").asLong() >= 48;
        });
        JsonNode overview = api.get("/api/v1/hosts/" + hostId + "/overview").body();

        JsonNode host = overview.get("host");
        assertThat(host.get("connection").asString()).isEqualTo("CONNECTED");
        assertThat(host.get("lastError").isNull()).isTrue();
        assertThat(host.get("agentVersion").asString()).as("an embedded host has no agent").isEmpty();
        assertThat(host.get("hypervisor").asString()).startsWith("xensv-embedded");
        assertThat(overview.get("memoryMiB").asLong()).isEqualTo(160);
        assertThat(overview.get("memoryUsedMiB").asLong()).isBetween(48L, 160L);
        assertThat(overview.get("cpuPercent").asDouble()).isBetween(0.0, 100.0);
        assertThat(overview.get("committedVcpus").asInt()).isEqualTo(2);
        assertThat(overview.get("vcpusPerPcpu").asDouble()).isEqualTo(1.0);
        assertThat(overview.get("vms").valueStream().map(v -> v.get("name").asString())).containsExactly("hv-run-" + suffix);
        assertThat(overview.get("networks").valueStream().map(n -> n.get("name").asString()))
                .containsExactly(poolName + " network");
        assertThat(overview.get("storage").valueStream().map(s -> s.get("kind").asString()))
                .containsExactlyInAnyOrder("LOCAL", "SHARED");
        assertThat(overview.get("storage").valueStream().map(s -> s.get("poolId").asString())).containsOnly(poolId);
    }

    @Test
    void aHostWithVmsIsNotMovedToAnotherPoolAndAnEmptyOneIsWithItsLocalStorage() {
        String otherPool = createPool("hostview-other-" + suffix);
        String vm = createVm("hv-stay-" + suffix, false);

        Api.Response refused = api.put("/api/v1/hosts/" + hostId + "/pool", "{\"poolId\": \"" + otherPool + "\"}");
        assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
        assertThat(refused.body().get("detail").asString()).contains("'" + hostName + "' still has 1 VM(s)");
        assertThat(api.get("/api/v1/hosts/" + hostId).body().get("poolId").asString()).isEqualTo(poolId);

        Api.Response unknownPool = api.put("/api/v1/hosts/" + hostId + "/pool", "{\"poolId\": \"" + UUID.randomUUID() + "\"}");
        assertThat(unknownPool.status()).isEqualTo(400);
        assertThat(unknownPool.body().get("field").asString()).isEqualTo("poolId");

        api.delete("/api/v1/vms/" + vm);
        Await.until("VM gone", () -> api.get("/api/v1/vms/" + vm).status() == 404);
        Api.Response moved = api.put("/api/v1/hosts/" + hostId + "/pool", "{\"poolId\": \"" + otherPool + "\"}");
        assertThat(moved.status()).as(moved.raw()).isEqualTo(200);
        assertThat(moved.body().get("poolId").asString()).isEqualTo(otherPool);

        String oldPool = poolId;
        poolId = otherPool; // removed after the test, with the host
        Await.until("the new pool has shared storage for the host", () -> api.get("/api/v1/hosts/" + hostId + "/overview")
                .body().get("storage").valueStream().filter(s -> s.get("kind").asString().equals("SHARED")).count() == 1);
        JsonNode overview = api.get("/api/v1/hosts/" + hostId + "/overview").body();
        assertThat(overview.get("storage").valueStream().map(s -> s.get("poolId").asString())).containsOnly(otherPool);
        assertThat(overview.get("networks").valueStream().map(n -> n.get("name").asString()))
                .containsExactly("hostview-other-" + suffix + " network");
        assertThat(api.delete("/api/v1/pools/" + oldPool).status())
                .as("the emptied pool is deleted with its default network and shared storage").isEqualTo(204);
        assertThat(api.get("/api/v1/srs").raw()).doesNotContain(oldPool);
    }

    @Test
    void anAgentsHostShowsTheAgentVersionAndOnceTheAgentStopsItsLastErrorWithWhen() throws Exception {
        String name = "hv-agent-" + suffix;
        Path credentials = Files.createTempDirectory("xensv-agent-creds");
        CertificateAuthority.openOrCreate(AgentDriver.pkiDirectory()).issue(name, List.of("127.0.0.1"), credentials);
        AgentServer agent = AgentServer.start(new AgentConfig("127.0.0.1", 0, 0, "127.0.0.1", credentials.resolve("data"),
                org.xensv.agent.pki.Credentials.in(credentials), name, 2, 128));
        String agentHost;
        try {
            Api.Response added = api.post("/api/v1/hosts", """
                    {"poolId": "%s", "name": "%s", "uri": "xensv+tcp://127.0.0.1:%d"}
                    """.formatted(poolId, name, agent.port()));
            assertThat(added.status()).as(added.raw()).isEqualTo(201);
            agentHost = added.body().get("id").asString();
            assertThat(added.body().get("agentVersion").asString()).isNotBlank();
            assertThat(added.body().get("lastError").isNull()).isTrue();
        } finally {
            agent.close();
        }
        try {
            Await.until("the stopped agent's host is disconnected",
                    () -> api.get("/api/v1/hosts/" + agentHost).body().get("connection").asString().equals("DISCONNECTED"));
            JsonNode host = api.get("/api/v1/hosts/" + agentHost + "/overview").body().get("host");
            assertThat(host.get("lastError").asString()).contains("xensv+tcp://127.0.0.1");
            assertThat(host.get("lastErrorAt").isNull()).isFalse();
            assertThat(host.get("agentVersion").asString()).as("the last version it reported stays").isNotBlank();
        } finally {
            api.delete("/api/v1/hosts/" + agentHost);
        }
    }
}
