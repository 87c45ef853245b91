package org.xensv.toolstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;

/**
 * Two admins editing the same object through the API: each save carries the version its editor was
 * opened on, so the second save on the same version is refused as stale (409, STALE_OBJECT) and the
 * first one's values stay, even when the two saves do not overlap in time.
 */
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "xensv.embedded.pool-name=Concurrent edits pool", "xensv.embedded.hosts=1", "xensv.embedded.memory-mib=128"})
class ConcurrentEditApiTest {

    @org.junit.jupiter.api.AfterAll
    static void giveTheHostsMemoryBack(@Autowired org.xensv.toolstack.host.HostService hosts) {
        org.xensv.toolstack.support.EmbeddedHosts.release(hosts);
    }

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void theSecondOfTwoNetworkEditsOpenedOnTheSameVersionIsRefusedAsStaleAndTheFirstStays() {
        Api.Response created = api.post("/api/v1/networks", "{\"name\": \"ce-net\", \"vlan\": 310}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("id").asString();
        long opened = api.get("/api/v1/networks/" + id).body().get("version").asLong();

        Api.Response first = api.put("/api/v1/networks/" + id, "{\"name\": \"ce-net-alice\", \"vlan\": 310, \"version\": " + opened + "}");
        Api.Response second = api.put("/api/v1/networks/" + id, "{\"name\": \"ce-net-bob\", \"vlan\": 311, \"version\": " + opened + "}");

        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.body().get("version").asLong()).isGreaterThan(opened);
        assertStale(second, "Network 'ce-net-alice'");
        var stored = api.get("/api/v1/networks/" + id).body();
        assertThat(stored.get("name").asString()).isEqualTo("ce-net-alice");
        assertThat(stored.get("vlan").asInt()).isEqualTo(310);
    }

    @Test
    void aQosPolicyEditCarryingAnOldVersionInIfMatchIsRefusedAndOneOnTheCurrentVersionIsTaken() {
        Api.Response created = api.post("/api/v1/qos-policies", "{\"name\": \"ce-qos\", \"cpuWeight\": 300}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("id").asString();
        long opened = created.body().get("version").asLong();

        Api.Response first = api.put("/api/v1/qos-policies/" + id, "{\"name\": \"ce-qos\", \"cpuWeight\": 400}", "\"" + opened + "\"");
        Api.Response second = api.put("/api/v1/qos-policies/" + id, "{\"name\": \"ce-qos\", \"cpuWeight\": 500}", "\"" + opened + "\"");
        Api.Response reloaded = api.put("/api/v1/qos-policies/" + id, "{\"name\": \"ce-qos\", \"cpuWeight\": 500}",
                "W/\"" + first.body().get("policy").get("version").asLong() + "\"");

        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertStale(second, "QoS policy 'ce-qos'");
        assertThat(reloaded.status()).as(reloaded.raw()).isEqualTo(200);
        assertThat(api.get("/api/v1/qos-policies/" + id).body().get("cpuWeight").asInt()).isEqualTo(500);
    }

    @Test
    void anIfMatchThatIsNoVersionIsABadRequestNamingTheHeader() {
        Api.Response created = api.post("/api/v1/networks", "{\"name\": \"ce-net-bad-tag\"}");
        String id = created.body().get("id").asString();

        Api.Response r = api.put("/api/v1/networks/" + id, "{\"name\": \"ce-net-bad-tag\"}", "\"abc\"");

        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.body().get("field").asString()).isEqualTo("If-Match");
    }

    @Test
    void ofTwoAdminsPuttingTheSameHostIntoMaintenanceAtOnceOneStartsTheEvacuationAndTheOtherIsRefused() {
        String host = api.get("/api/v1/hosts").body().get(0).get("id").asString();
        try {
            List<CompletableFuture<Api.Response>> both = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                both.add(CompletableFuture.supplyAsync(() -> api.post("/api/v1/hosts/" + host + "/maintenance", "{\"force\": true}")));
            }
            List<Integer> statuses = both.stream().map(CompletableFuture::join).map(Api.Response::status).sorted().toList();

            assertThat(statuses).containsExactly(202, 409);
        } finally {
            org.xensv.toolstack.support.Await.until("the evacuation ends", () -> {
                Api.Response exit = api.delete("/api/v1/hosts/" + host + "/maintenance");
                return exit.status() == 200 && !api.get("/api/v1/hosts/" + host).body().get("maintenance").asBoolean();
            });
        }
    }

    @Test
    void aVmQosEditOpenedBeforeTheVmStartedIsTakenButOneOpenedBeforeAnotherAdminsEditIsRefused() {
        String vm = haltedVm("ce-qos-vm");
        long opened = api.get("/api/v1/vms/" + vm + "/qos").body().get("version").asLong();
        // the reconciler records the VM's start on its row: that is no edit of its settings
        awaitTask(api.post("/api/v1/vms/" + vm + "/start", null));

        Api.Response first = api.put("/api/v1/vms/" + vm + "/qos", "{\"cpuWeight\": 300, \"version\": " + opened + "}");
        Api.Response second = api.put("/api/v1/vms/" + vm + "/qos", "{\"cpuWeight\": 900}", "\"" + opened + "\"");

        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.body().get("version").asLong()).isGreaterThan(opened);
        assertStale(second, "VM 'ce-qos-vm'");
        assertThat(api.get("/api/v1/vms/" + vm + "/qos").body().get("cpuWeight").asInt()).isEqualTo(300);
        awaitTask(api.post("/api/v1/vms/" + vm + "/hard-shutdown", null));
    }

    @Test
    void theSecondOfTwoNicEditsOpenedOnTheSameVersionIsRefusedAndTheNicKeepsTheFirst() {
        String vm = haltedVm("ce-nic-vm");
        String network = api.post("/api/v1/networks", "{\"name\": \"ce-nic-net\"}").body().get("id").asString();
        Api.Response vif = api.post("/api/v1/vms/" + vm + "/vifs", "{\"networkId\": \"%s\"}".formatted(network));
        assertThat(vif.status()).as(vif.raw()).isEqualTo(201);
        String path = "/api/v1/vms/" + vm + "/vifs/" + vif.body().get("id").asString();
        long opened = vif.body().get("version").asLong();
        String mac = vif.body().get("mac").asString();

        Api.Response first = api.put(path, "{\"networkId\": \"%s\", \"mac\": \"%s\", \"rate\": \"10Mb/s\", \"version\": %d}"
                .formatted(network, mac, opened));
        Api.Response second = api.put(path, "{\"networkId\": \"%s\", \"mac\": \"%s\", \"rate\": \"1Mb/s\", \"version\": %d}"
                .formatted(network, mac, opened));

        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertStale(second, "NIC 'eth0'");
        assertThat(api.get("/api/v1/vms/" + vm + "/vifs").body().get(0).get("rate").asString()).isEqualTo("10Mb/s");
    }

    @Test
    void theSecondOfTwoDiskQosEditsOpenedOnTheSameVersionIsRefusedAndTheDiskKeepsTheFirst() {
        String vm = haltedVm("ce-disk-vm");
        String sr = null;
        for (var repository : api.get("/api/v1/srs").body()) {
            if (repository.get("kind").asString().equals("SHARED")) {
                sr = repository.get("id").asString();
            }
        }
        String image = api.post("/api/v1/images", "{\"srId\": \"%s\", \"name\": \"ce-disk\", \"sizeMiB\": 8}".formatted(sr))
                .body().get("id").asString();
        Api.Response vbd = api.post("/api/v1/vms/" + vm + "/vbds", "{\"imageId\": \"%s\"}".formatted(image));
        assertThat(vbd.status()).as(vbd.raw()).isEqualTo(201);
        String path = "/api/v1/vms/" + vm + "/vbds/" + vbd.body().get("id").asString() + "/qos";
        long opened = vbd.body().get("version").asLong();

        Api.Response first = api.put(path, "{\"iopsLimit\": 100, \"version\": " + opened + "}");
        Api.Response second = api.put(path, "{\"iopsLimit\": 5}", "\"" + opened + "\"");

        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertStale(second, "Disk '" + vbd.body().get("device").asString() + "'");
        assertThat(api.get("/api/v1/vms/" + vm + "/vbds").body().get(0).get("iopsLimit").asLong()).isEqualTo(100);
    }

    @Test
    void theSecondOfTwoUserChangesOpenedOnTheSameVersionIsRefusedAndTheUserKeepsTheFirst() {
        Api.Response user = api.post("/api/v1/users", "{\"username\": \"ce-user\", \"password\": \"a-long-enough-passphrase-1\", \"role\": \"OPERATOR\"}");
        assertThat(user.status()).as(user.raw()).isEqualTo(201);
        String path = "/api/v1/users/" + user.body().get("id").asString();
        long opened = user.body().get("version").asLong();

        Api.Response first = api.patch(path, "{\"role\": \"READ_ONLY\", \"version\": " + opened + "}");
        Api.Response second = api.patch(path, "{\"role\": \"ADMIN\", \"version\": " + opened + "}");

        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.body().get("version").asLong()).as("the answer carries the version the change made").isGreaterThan(opened);
        assertStale(second, "User 'ce-user'");
        assertThat(api.get(path).body().get("role").asString()).isEqualTo("READ_ONLY");
    }

    /** A halted VM of 32 MiB on the pool's host. */
    private String haltedVm(String name) {
        String host = api.get("/api/v1/hosts").body().get(0).get("id").asString();
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "%s", "vcpus": 1, "memoryMiB": 32, "hostId": "%s"}""".formatted(name, host));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("vm").get("id").asString();
    }

    private void awaitTask(Api.Response accepted) {
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        String task = accepted.body().get("id").asString();
        org.xensv.toolstack.support.Await.until("task " + task + " finishes", () -> {
            String status = api.get("/api/v1/tasks/" + task).body().get("status").asString();
            return status.equals("SUCCESS") || status.equals("FAILURE") || status.equals("CANCELLED");
        });
        assertThat(api.get("/api/v1/tasks/" + task).body().get("status").asString()).isEqualTo("SUCCESS");
    }

    private static void assertStale(Api.Response r, String named) {
        assertThat(r.status()).as(r.raw()).isEqualTo(409);
        assertThat(r.body().get("code").asString()).isEqualTo("STALE_OBJECT");
        assertThat(r.body().get("detail").asString()).isEqualTo(named
                + " was changed by someone else since you opened it; reload and try again.");
        assertThat(r.raw()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
