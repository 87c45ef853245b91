package org.xensv.toolstack.network;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.xensv.hypervisor.embedded.EmbeddedRuntime;
import org.xensv.hypervisor.embedded.net.Frame;
import org.xensv.hypervisor.embedded.net.Nic;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

import static org.assertj.core.api.Assertions.assertThat;

/** Networks and VIFs through the REST API over real HTTP, against H2, with the embedded runtime below. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NetworkApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate db;

    Api api;
    String hostId;
    String hostName;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        var host = api.get("/api/v1/hosts").body().get(0);
        hostId = host.get("id").asString();
        hostName = host.get("name").asString();
    }

    private String network(String name, Integer vlan) {
        Api.Response created = api.post("/api/v1/networks", """
                {"name": "%s", "vlan": %s, "mtu": 1500}""".formatted(name, vlan));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("id").asString();
    }

    private String vm(String name, boolean start) {
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "%s", "type": "PV", "vcpus": 1, "memoryMiB": 64, "hostId": "%s", "start": %s}
                """.formatted(name, hostId, start));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("vm").get("id").asString();
        if (start) {
            Await.until("VM " + name + " runs", () -> {
                var vm = api.get("/api/v1/vms/" + id).body();
                return vm.get("powerState").asString().equals("RUNNING") && vm.get("currentOperation").isNull();
            });
        }
        return id;
    }

    private Api.Response addVif(String vmId, String networkId, String mac, String rate) {
        return api.post("/api/v1/vms/" + vmId + "/vifs", """
                {"networkId": "%s", "mac": %s, "rate": %s}""".formatted(networkId,
                mac == null ? "null" : "\"" + mac + "\"", rate == null ? "null" : "\"" + rate + "\""));
    }

    private int count(String table) {
        return db.queryForObject("select count(*) from " + table, Integer.class);
    }

    private static void assertRefused(Api.Response response, int status, String field, String reason) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        if (field != null) {
            assertThat(response.body().get("field").asString()).isEqualTo(field);
        }
        assertThat(response.body().get("detail").asString()).contains(reason);
    }

    private Nic port(String mac) {
        return EmbeddedRuntime.existing(hostName).vswitch().port(mac).orElseThrow(() -> new AssertionError(mac + " is not on the switch"));
    }

    @Test
    void thePoolHasADefaultUntaggedNetwork() {
        var networks = api.get("/api/v1/networks").body();
        assertThat(networks.toString()).contains("Embedded pool network");
        var first = networks.get(0);
        assertThat(first.get("vlan").isNull()).isTrue();
        assertThat(first.get("segment").asInt()).isBetween(1, 4094);
    }

    @Test
    void aNewPoolGetsItsDefaultNetworkAndLeavesWithIt() {
        Api.Response pool = api.post("/api/v1/pools", "{\"name\": \"net-pool\"}");
        assertThat(pool.status()).as(pool.raw()).isIn(200, 201);
        String poolId = pool.body().get("id").asString();
        Await.until("the new pool has its network", () -> api.get("/api/v1/networks?pool=" + poolId).body().size() == 1);
        assertThat(api.get("/api/v1/networks?pool=" + poolId).body().get(0).get("name").asString()).isEqualTo("net-pool network");

        assertThat(api.delete("/api/v1/pools/" + poolId).status()).isIn(200, 204);
        assertThat(api.get("/api/v1/networks?pool=" + poolId).body().size()).isZero();
    }

    @Test
    void badNetworksAreRefusedNamingTheFieldAndNothingIsCreated() {
        network("net-dup", 100);
        int before = count("network");

        assertRefused(api.post("/api/v1/networks", "{\"name\": \"bad-vlan\", \"vlan\": 4095}"), 400, "vlan", "between 1 and 4094");
        assertRefused(api.post("/api/v1/networks", "{\"name\": \"bad-vlan0\", \"vlan\": 0}"), 400, "vlan", "between 1 and 4094");
        assertRefused(api.post("/api/v1/networks", "{\"name\": \"bad-mtu\", \"mtu\": 67}"), 400, "mtu", "between 68 and 9000");
        assertRefused(api.post("/api/v1/networks", "{\"name\": \"bad-mtu2\", \"mtu\": 9001}"), 400, "mtu", "between 68 and 9000");
        assertRefused(api.post("/api/v1/networks", "{\"name\": \"NET-DUP\", \"vlan\": 101}"), 400, "name", "already used");
        assertRefused(api.post("/api/v1/networks", "{\"name\": \"same-tag\", \"vlan\": 100}"), 400, "vlan", "net-dup");
        assertRefused(api.post("/api/v1/networks", "{\"name\": \"\"}"), 400, "name", "1 to 64");
        assertRefused(api.post("/api/v1/networks", "{\"name\": \"typed\", \"vlan\": \"ten\"}"), 400, "vlan", "wrong type");

        assertThat(count("network")).isEqualTo(before);
    }

    @Test
    void editingANetworkChecksTheSameRules() {
        String id = network("net-edit", 200);
        assertRefused(api.put("/api/v1/networks/" + id, "{\"name\": \"net-edit\", \"vlan\": 5000}"), 400, "vlan", "between 1 and 4094");
        Api.Response ok = api.put("/api/v1/networks/" + id, "{\"name\": \"net-edited\", \"vlan\": 201, \"mtu\": 9000}");
        assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        assertThat(ok.body().get("segment").asInt()).isEqualTo(201);
        assertThat(db.queryForObject("select mtu from network where id = ?", Integer.class, UUID.fromString(id))).isEqualTo(9000);
    }

    @Test
    void aNetworkInUseCannotBeDeletedAndTheMessageListsTheVms() {
        String net = network("net-busy", 300);
        String a = vm("busy-a", false);
        String b = vm("busy-b", false);
        assertThat(addVif(a, net, null, null).status()).isEqualTo(201);
        assertThat(addVif(b, net, null, null).status()).isEqualTo(201);

        Api.Response refused = api.delete("/api/v1/networks/" + net);
        assertRefused(refused, 409, null, "busy-a, busy-b");
        assertThat(refused.body().get("code").asString()).isEqualTo("NETWORK_IN_USE");
        assertThat(api.get("/api/v1/networks/" + net).status()).isEqualTo(200);
        assertRefused(api.put("/api/v1/networks/" + net, "{\"name\": \"net-busy\", \"vlan\": 301}"), 409, null, "busy-a, busy-b");

        for (var vif : api.get("/api/v1/vms/" + a + "/vifs").body()) {
            assertThat(api.delete("/api/v1/vms/" + a + "/vifs/" + vif.get("id").asString()).status()).isEqualTo(204);
        }
        for (var vif : api.get("/api/v1/vms/" + b + "/vifs").body()) {
            assertThat(api.delete("/api/v1/vms/" + b + "/vifs/" + vif.get("id").asString()).status()).isEqualTo(204);
        }
        assertThat(api.delete("/api/v1/networks/" + net).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/networks/" + net).status()).isEqualTo(404);
    }

    @Test
    void macsAreGeneratedInXensOuiOrGivenNormalisedAndBadOnesAreRefusedLeavingNothing() {
        String net = network("net-mac", 400);
        String vm = vm("mac-vm", false);

        Api.Response generated = addVif(vm, net, null, null);
        assertThat(generated.body().get("mac").asString()).matches("00:16:3e(:[0-9a-f]{2}){3}");
        Api.Response given = addVif(vm, net, "00-16-3E-AB-CD-EF", "10Mb/s@50ms");
        assertThat(given.status()).as(given.raw()).isEqualTo(201);
        assertThat(given.body().get("mac").asString()).isEqualTo("00:16:3e:ab:cd:ef");
        assertThat(given.body().get("device").asInt()).isEqualTo(1);
        int before = count("vif");

        assertRefused(addVif(vm, net, "00:16:3e:ab:cd", null), 400, "mac", "six hex pairs");
        assertRefused(addVif(vm, net, "01:00:5e:00:00:01", null), 400, "mac", "multicast");
        assertRefused(addVif(vm, net, "00:16:3e:ab:cd:ef", null), 400, "mac", "already used");
        String other = vm("mac-other", false);
        assertRefused(addVif(other, net, "00:16:3E:AB:CD:EF", null), 400, "mac", "already used");
        assertRefused(addVif(vm, net, null, "fast"), 400, "rate", "10Mb/s@50ms");
        assertRefused(addVif(vm, UUID.randomUUID().toString(), null, null), 400, "networkId", "existing network");
        assertRefused(api.post("/api/v1/vms/" + vm + "/vifs", "{\"networkId\": \"" + net + "\", \"device\": 1}"), 400, "device", "already used");
        assertRefused(api.post("/api/v1/vms/" + vm + "/vifs", "{\"networkId\": \"" + net + "\", \"device\": 64}"), 400, "device", "between 0 and 63");

        assertThat(count("vif")).isEqualTo(before);
        assertThat(api.get("/api/v1/vms/" + other + "/vifs").body().size()).isZero();
    }

    @Test
    void vifsAreHotPluggedIntoARunningVmEditedLiveAndUnplugged() {
        String net10 = network("hot-10", 510);
        String net11 = network("hot-11", 511);
        String vm = vm("hot-vm", true);

        Api.Response added = addVif(vm, net10, "00:16:3e:10:00:01", null);
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        assertThat(added.body().get("plugged").asBoolean()).isTrue();
        assertThat(port("00:16:3e:10:00:01").vlan()).isEqualTo(510);

        String vifId = added.body().get("id").asString();
        Api.Response edited = api.put("/api/v1/vms/" + vm + "/vifs/" + vifId, """
                {"networkId": "%s", "mac": "00:16:3e:10:00:02", "rate": "1Mb/s"}""".formatted(net11));
        assertThat(edited.status()).as(edited.raw()).isEqualTo(200);
        assertThat(EmbeddedRuntime.existing(hostName).vswitch().port("00:16:3e:10:00:01")).isEmpty();
        assertThat(port("00:16:3e:10:00:02").vlan()).isEqualTo(511);

        assertThat(api.delete("/api/v1/vms/" + vm + "/vifs/" + vifId).status()).isEqualTo(204);
        assertThat(EmbeddedRuntime.existing(hostName).vswitch().port("00:16:3e:10:00:02")).isEmpty();
        assertThat(count("vif where vm_id = '" + vm + "'")).isZero();
    }

    @Test
    void aMacTakenOnTheHostsSwitchIsRefusedByTheHostAndTheVifIsNotRecorded() {
        String net = network("clash-net", 520);
        String vm = vm("clash-vm", true);
        EmbeddedRuntime.existing(hostName).vswitch().attach(org.xensv.hypervisor.api.NicConfig.of("00:16:3e:52:00:01", 520));
        int before = count("vif");

        assertRefused(addVif(vm, net, "00:16:3e:52:00:01", null), 400, "mac", "already in use");

        assertThat(count("vif")).isEqualTo(before);
    }

    @Test
    void vmsOnDifferentVlansNeverExchangeFramesAndVmsOnTheSameVlanDo() {
        String red = network("iso-red", 610);
        String blue = network("iso-blue", 620);
        String plainA = network("iso-plain-a", null);
        String plainB = network("iso-plain-b", null);
        String a = vm("iso-a", true);
        String b = vm("iso-b", true);
        String c = vm("iso-c", true);
        addVif(a, red, "00:16:3e:61:00:0a", null);
        addVif(b, blue, "00:16:3e:62:00:0b", null);
        addVif(c, red, "00:16:3e:61:00:0c", null);
        addVif(a, plainA, "00:16:3e:70:00:0a", null);
        addVif(b, plainB, "00:16:3e:70:00:0b", null);
        addVif(c, plainA, "00:16:3e:70:00:0c", null);

        List<Frame> atB = new ArrayList<>();
        List<Frame> atC = new ArrayList<>();
        port("00:16:3e:62:00:0b").onReceive(atB::add);
        port("00:16:3e:70:00:0b").onReceive(atB::add);
        port("00:16:3e:61:00:0c").onReceive(atC::add);
        port("00:16:3e:70:00:0c").onReceive(atC::add);

        for (String from : List.of("00:16:3e:61:00:0a", "00:16:3e:70:00:0a")) {
            Nic sender = port(from);
            sender.transmit(Frame.BROADCAST, 100, 0);
            sender.transmit("00:16:3e:62:00:0b", 100, 0);
            sender.transmit("00:16:3e:70:00:0b", 100, 0);
            sender.transmit("00:16:3e:61:00:0c", 100, 0);
            sender.transmit("00:16:3e:70:00:0c", 100, 0);
        }

        assertThat(atB).isEmpty();
        // c shares the tagged and the untagged network with a: a broadcast and a unicast on each
        assertThat(atC).extracting(Frame::src).containsExactlyInAnyOrder(
                "00:16:3e:61:00:0a", "00:16:3e:61:00:0a", "00:16:3e:70:00:0a", "00:16:3e:70:00:0a");
        assertThat(api.get("/api/v1/networks/" + plainA).body().get("segment").asInt())
                .isNotEqualTo(api.get("/api/v1/networks/" + plainB).body().get("segment").asInt());
    }

    @Test
    void theOpenApiDocumentDescribesNetworksAndVifs() {
        String doc = api.get("/api/v1/openapi.json").raw();
        assertThat(doc).contains("/api/v1/networks").contains("/api/v1/vms/{vmId}/vifs").contains("NetworkForm").contains("VifForm");
    }
}
