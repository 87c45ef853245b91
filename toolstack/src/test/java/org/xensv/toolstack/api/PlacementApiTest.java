package org.xensv.toolstack.api;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Placement through the REST API, in a pool of its own with two small embedded hosts of different
 * sizes: the suggestion names a host and why, a VM created without a host lands where it said, and
 * VMs of one anti-affinity group spread over the hosts until every host has one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlacementApiTest {

    @LocalServerPort
    int port;

    Api api;
    String suffix;
    String poolId;
    String bigHost;
    String smallHost;
    final List<String> vms = new ArrayList<>();

    @BeforeEach
    void aPoolWithTwoHosts() {
        api = new Api(port);
        suffix = UUID.randomUUID().toString().substring(0, 6);
        Api.Response pool = api.post("/api/v1/pools", """
                {"name": "placement-%s"}
                """.formatted(suffix));
        assertThat(pool.status()).as(pool.raw()).isEqualTo(201);
        poolId = pool.body().get("id").asString();
        bigHost = addHost("pl-big-" + suffix, 256);
        smallHost = addHost("pl-small-" + suffix, 192);
    }

    private String addHost(String name, int memoryMiB) {
        Api.Response host = api.post("/api/v1/hosts", """
                {"poolId": "%s", "name": "%s", "uri": "embedded://%s?pcpus=2&memoryMiB=%d"}
                """.formatted(poolId, name, name, memoryMiB));
        assertThat(host.status()).as(host.raw()).isEqualTo(201);
        assertThat(host.body().get("connection").asString()).isEqualTo("CONNECTED");
        return host.body().get("id").asString();
    }

    @AfterEach
    void removeThePool() {
        for (String vm : vms) {
            api.delete("/api/v1/vms/" + vm);
        }
        for (String vm : vms) {
            Await.until("VM " + vm + " is gone", () -> api.get("/api/v1/vms/" + vm).status() == 404);
        }
        api.delete("/api/v1/hosts/" + bigHost);
        api.delete("/api/v1/hosts/" + smallHost);
        api.delete("/api/v1/pools/" + poolId);
    }

    private JsonNode suggest(String query) {
        Api.Response response = api.get("/api/v1/pools/" + poolId + "/placement?" + query);
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response.body();
    }

    private JsonNode create(String json) {
        Api.Response created = api.post("/api/v1/vms", json);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode vm = created.body().get("vm");
        vms.add(vm.get("id").asString());
        return vm;
    }

    @Test
    void theSuggestionNamesTheRoomierHostWithItsReasonAndAVmCreatedWithoutAHostLandsThere() {
        JsonNode suggestion = suggest("memoryMiB=64&vcpus=1");

        assertThat(suggestion.get("hostId").asString()).isEqualTo(bigHost);
        assertThat(suggestion.get("hostName").asString()).isEqualTo("pl-big-" + suffix);
        assertThat(suggestion.get("reason").asString())
                .startsWith("pl-big-" + suffix + ": most free memory (256 MiB) and lowest CPU load (0 vCPU/pCPU)")
                .contains("pl-small-" + suffix + " scored lower (192 MiB free")
                .as("hosts of other pools are not considered").doesNotContain("Embedded pool");

        Api.Response created = api.post("/api/v1/vms", """
                {"name": "pl-auto-%s", "vcpus": 1, "memoryMiB": 64, "poolId": "%s"}
                """.formatted(suffix, poolId));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        vms.add(created.body().get("vm").get("id").asString());

        assertThat(created.body().get("vm").get("hostId").asString()).isEqualTo(suggestion.get("hostId").asString());
        assertThat(created.body().get("createTask").get("result").asString())
                .contains("Placed on pl-big-" + suffix + ": most free memory");
    }

    @Test
    void vmsOfOneAntiAffinityGroupSpreadOverTheHostsAndTheRuleIsSoftOnceEveryHostHasOne() {
        JsonNode first = create("""
                {"name": "pl-web1-%s", "vcpus": 1, "memoryMiB": 32, "hostId": "%s", "antiAffinityGroup": "web-%s"}
                """.formatted(suffix, bigHost, suffix));
        assertThat(first.get("antiAffinityGroup").asString()).isEqualTo("web-" + suffix);
        assertThat(api.get("/api/v1/vms/" + first.get("id").asString()).body().get("antiAffinityGroup").asString())
                .isEqualTo("web-" + suffix);

        JsonNode spread = suggest("memoryMiB=32&vcpus=1&antiAffinityGroup=web-" + suffix);
        assertThat(spread.get("hostId").asString()).as(spread.toString()).isEqualTo(smallHost);
        assertThat(spread.get("reason").asString())
                .contains("pl-big-" + suffix + " already has pl-web1-" + suffix + " of anti-affinity group 'web-" + suffix + "'");

        JsonNode second = create("""
                {"name": "pl-web2-%s", "vcpus": 1, "memoryMiB": 32, "poolId": "%s", "antiAffinityGroup": "web-%s"}
                """.formatted(suffix, poolId, suffix));
        assertThat(second.get("hostId").asString()).isEqualTo(smallHost);

        JsonNode soft = suggest("memoryMiB=32&vcpus=1&antiAffinityGroup=WEB-" + suffix);
        assertThat(soft.get("hostId").isNull()).isFalse();
        assertThat(soft.get("reason").asString())
                .contains("every host that can take it already has a VM of anti-affinity group 'WEB-" + suffix + "'");
    }

    @Test
    void aPoolWhereNoHostFitsAnswersWithoutAHostAndSaysWhy() {
        JsonNode none = suggest("memoryMiB=4096&vcpus=1");

        assertThat(none.get("hostId").isNull()).isTrue();
        assertThat(none.get("reason").asString()).startsWith("No host can take a VM of 4 GiB and 1 vCPU")
                .contains("pl-big-" + suffix + " has too little free memory (256 MiB, the VM needs 4 GiB)");

        Api.Response refused = api.post("/api/v1/vms", """
                {"name": "pl-huge-%s", "vcpus": 1, "memoryMiB": 4096, "poolId": "%s"}
                """.formatted(suffix, poolId));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.body().get("field").asString()).isEqualTo("hostId");
        assertThat(refused.body().get("detail").asString()).contains("has too little free memory");
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndNothingIsCreated() {
        Api.Response tiny = api.get("/api/v1/pools/" + poolId + "/placement?memoryMiB=8&vcpus=1");
        assertThat(tiny.status()).isEqualTo(400);
        assertThat(tiny.body().get("field").asString()).isEqualTo("memoryMiB");

        Api.Response noCpus = api.get("/api/v1/pools/" + poolId + "/placement?memoryMiB=64");
        assertThat(noCpus.status()).isEqualTo(400);
        assertThat(noCpus.body().get("field").asString()).isEqualTo("vcpus");

        Api.Response badGroup = api.get("/api/v1/pools/" + poolId + "/placement?memoryMiB=64&vcpus=1&antiAffinityGroup=a%20b");
        assertThat(badGroup.status()).isEqualTo(400);
        assertThat(badGroup.body().get("field").asString()).isEqualTo("antiAffinityGroup");

        assertThat(api.get("/api/v1/pools/" + UUID.randomUUID() + "/placement?memoryMiB=64&vcpus=1").status()).isEqualTo(404);

        Api.Response refused = api.post("/api/v1/vms", """
                {"name": "pl-bad-%s", "vcpus": 1, "memoryMiB": 32, "hostId": "%s", "antiAffinityGroup": "no spaces!"}
                """.formatted(suffix, bigHost));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("field").asString()).isEqualTo("antiAffinityGroup");
        assertThat(refused.body().get("detail").asString()).contains("must be 1 to 64 letters");
        assertThat(api.get("/api/v1/vms").raw()).doesNotContain("pl-bad-" + suffix);
    }

    @Test
    void aReadOnlyUserMayNotAskForPlacement() {
        String user = "pl-ro-" + suffix;
        Api.Response made = api.post("/api/v1/users", """
                {"username": "%s", "password": "a-long-enough-password", "role": "READ_ONLY"}
                """.formatted(user));
        assertThat(made.status()).as(made.raw()).isEqualTo(201);

        Api.Response refused = new Api(port, user, "a-long-enough-password").get("/api/v1/pools/" + poolId + "/placement?memoryMiB=64&vcpus=1");

        assertThat(refused.status()).isEqualTo(403);
    }
}
