package org.xensv.toolstack.qos;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.xensv.hypervisor.api.RateLimit;
import org.xensv.hypervisor.embedded.EmbeddedDomain;
import org.xensv.hypervisor.embedded.EmbeddedRuntime;
import org.xensv.hypervisor.embedded.net.Nic;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Named QoS policies through the REST API over real HTTP, against H2, with the embedded runtime below. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QosPolicyApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate db;

    Api api;
    String hostId;
    String hostName;
    String networkId;
    /** The VMs a test made: destroyed after it, so the hosts this context shares with other test classes keep their memory. */
    final java.util.List<String> made = new java.util.ArrayList<>();

    @AfterEach
    void destroyTheVmsMade() {
        for (String id : made) {
            String state = api.get("/api/v1/vms/" + id).body().get("powerState").asString();
            if (!state.equals("HALTED")) {
                api.post("/api/v1/vms/" + id + "/hard-shutdown", "{}");
                Await.until("VM " + id + " is halted", () -> {
                    var vm = api.get("/api/v1/vms/" + id).body();
                    return vm.get("powerState").asString().equals("HALTED") && vm.get("currentOperation").isNull();
                });
            }
            api.delete("/api/v1/vms/" + id);
            Await.until("VM " + id + " is gone", () -> api.get("/api/v1/vms/" + id).status() == 404);
        }
    }

    @BeforeEach
    void setUp() {
        api = new Api(port);
        var host = api.get("/api/v1/hosts").body().get(0);
        hostId = host.get("id").asString();
        hostName = host.get("name").asString();
        networkId = api.get("/api/v1/networks").body().get(0).get("id").asString();
    }

    private Api.Response createPolicy(String json) {
        return api.post("/api/v1/qos-policies", json);
    }

    private String policy(String json) {
        Api.Response created = createPolicy(json);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("id").asString();
    }

    private String vm(String name, String workload, boolean start) {
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "%s", "type": "PV", "vcpus": 1, "memoryMiB": 64, "hostId": "%s", "workload": "%s",
                 "workloadFillMiB": 16, "workloadWorkingSetMiB": 8, "workloadPagesPerSecond": 100000, "start": %s}
                """.formatted(name, hostId, workload, start));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("vm").get("id").asString();
        made.add(id);
        Await.until("VM " + name + " is settled", () -> {
            var vm = api.get("/api/v1/vms/" + id).body();
            return vm.get("powerState").asString().equals(start ? "RUNNING" : "HALTED") && vm.get("currentOperation").isNull();
        });
        return id;
    }

    private JsonNode addVif(String vmId, String mac, String rate, String policyId) {
        Api.Response r = api.post("/api/v1/vms/" + vmId + "/vifs", """
                {"networkId": "%s", "mac": "%s", "rate": %s, "qosPolicyId": %s}""".formatted(networkId, mac,
                rate == null ? "null" : "\"" + rate + "\"", policyId == null ? "null" : "\"" + policyId + "\""));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body();
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

    @Test
    void badPoliciesAreRefusedNamingTheFieldAndNothingIsWritten() {
        int before = count("qos_policy");
        assertRefused(createPolicy("{\"name\": \"\"}"), 400, "name", "1 to 64");
        assertRefused(createPolicy("{\"name\": \"p\", \"nicRate\": \"fast\"}"), 400, "nicRate", "10Mb/s");
        assertRefused(createPolicy("{\"name\": \"p\", \"nicRate\": \"10Mb/s@50ms\", \"nicBurstKB\": 64}"), 400, "nicBurstKB", "one or the other");
        assertRefused(createPolicy("{\"name\": \"p\", \"nicBurstKB\": 64}"), 400, "nicBurstKB", "needs a NIC rate");
        assertRefused(createPolicy("{\"name\": \"p\", \"nicRate\": \"8Kb/s\", \"nicBurstKB\": 100000}"), 400, "nicBurstKB", "between");
        assertRefused(createPolicy("{\"name\": \"p\", \"cpuWeight\": 0}"), 400, "cpuWeight", "between 1 and 65535");
        assertRefused(createPolicy("{\"name\": \"p\", \"cpuCap\": -1}"), 400, "cpuCap", "between 0");
        assertRefused(createPolicy("{\"name\": \"p\", \"diskIops\": 0}"), 400, "diskIops", "between 1");
        assertRefused(createPolicy("{\"name\": \"p\", \"diskMBps\": 100001}"), 400, "diskMBps", "between 1");
        assertThat(count("qos_policy")).isEqualTo(before);

        String id = policy("{\"name\": \"Bad-edit\", \"cpuWeight\": 512}");
        policy("{\"name\": \"Bad-edit-2\"}");
        assertRefused(createPolicy("{\"name\": \"bad-EDIT\"}"), 400, "name", "already used");
        assertRefused(api.put("/api/v1/qos-policies/" + id, "{\"name\": \"Bad-edit-2\"}"), 400, "name", "already used");
        assertRefused(api.put("/api/v1/qos-policies/" + id, "{\"name\": \"Bad-edit\", \"cpuWeight\": 70000}"), 400, "cpuWeight", "65535");
        assertThat(api.get("/api/v1/qos-policies/" + id).body().get("cpuWeight").asInt()).isEqualTo(512);
    }

    @Test
    void aBurstSetsTheRefillIntervalOfTheRate() {
        String id = policy("{\"name\": \"Burst\", \"nicRate\": \"8Mb/s\", \"nicBurstKB\": 100}");
        String vm = vm("qos-burst", "IDLE", true);
        addVif(vm, "00:16:3e:90:00:01", null, id);
        RateLimit rate = port("00:16:3e:90:00:01").rateLimit();
        assertThat(rate.bytesPerSecond()).isEqualTo(1_000_000);
        assertThat(rate.bytesPerInterval()).isEqualTo(100_000); // 100 kB of credit every 100 ms
    }

    @Test
    void aPolicyInUseCannotBeDeletedAndTheMessageListsTheUsers() {
        String id = policy("{\"name\": \"In-use\", \"nicRate\": \"10Mb/s\", \"cpuWeight\": 300}");
        String vm = vm("qos-user", "IDLE", false);
        addVif(vm, "00:16:3e:90:00:02", null, id);
        assertThat(api.put("/api/v1/vms/" + vm + "/qos", "{\"qosPolicyId\": \"%s\"}".formatted(id)).status()).isEqualTo(200);

        Api.Response refused = api.delete("/api/v1/qos-policies/" + id);
        assertRefused(refused, 409, null, "VM qos-user");
        assertThat(refused.body().get("detail").asString()).contains("VIF 0 of qos-user");
        assertThat(api.get("/api/v1/qos-policies/" + id).body().get("usedBy").toString()).contains("VM qos-user", "VIF 0 of qos-user");
        assertThat(count("qos_policy where id = '" + id + "'")).isEqualTo(1);

        api.put("/api/v1/vms/" + vm + "/qos", "{}");
        String vif = api.get("/api/v1/vms/" + vm + "/vifs").body().get(0).get("id").asString();
        api.put("/api/v1/vms/" + vm + "/vifs/" + vif, "{\"networkId\": \"%s\"}".formatted(networkId));
        assertThat(api.delete("/api/v1/qos-policies/" + id).status()).isEqualTo(204);
    }

    @Test
    void aValueSetOnTheObjectOverridesThePolicyAndTheViewSaysWhereEachComesFrom() {
        String id = policy("{\"name\": \"Gold\", \"nicRate\": \"20Mb/s\", \"cpuWeight\": 1024}");
        String vm = vm("qos-sources", "IDLE", true);
        JsonNode byPolicy = addVif(vm, "00:16:3e:90:00:03", null, id);
        JsonNode own = addVif(vm, "00:16:3e:90:00:04", "1Mb/s", id);
        assertThat(byPolicy.get("effectiveRate").get("source").asString()).isEqualTo("policy:Gold");
        assertThat(own.get("effectiveRate").get("source").asString()).isEqualTo("vif");
        assertThat(own.get("effectiveRate").get("value").asString()).isEqualTo("1Mb/s");
        assertThat(port("00:16:3e:90:00:03").rateLimit().bytesPerSecond()).isEqualTo(2_500_000);
        assertThat(port("00:16:3e:90:00:04").rateLimit().bytesPerSecond()).isEqualTo(125_000);

        JsonNode qos = api.put("/api/v1/vms/" + vm + "/qos", "{\"qosPolicyId\": \"%s\", \"cpuCap\": 50}".formatted(id)).body();
        assertThat(qos.get("effectiveCpuWeight").get("value").asInt()).isEqualTo(1024);
        assertThat(qos.get("effectiveCpuWeight").get("source").asString()).isEqualTo("policy:Gold");
        assertThat(qos.get("effectiveCpuCap").get("value").asInt()).isEqualTo(50);
        assertThat(qos.get("effectiveCpuCap").get("source").asString()).isEqualTo("vm");
        EmbeddedDomain domain = EmbeddedRuntime.existing(hostName).domain(UUID.fromString(vm));
        assertThat(domain.config().cpuQos().weight()).isEqualTo(1024);
        assertThat(domain.config().cpuQos().capPercent()).isEqualTo(50);

        assertRefused(api.put("/api/v1/vms/" + vm + "/qos", "{\"cpuCap\": 150}"), 400, "cpuCap", "100 per vCPU");
        assertRefused(api.put("/api/v1/vms/" + vm + "/qos", "{\"qosPolicyId\": \"%s\"}".formatted(UUID.randomUUID())), 400,
                "qosPolicyId", "existing QoS policy");
        assertThat(domain.config().cpuQos().capPercent()).isEqualTo(50);
        assertThat(api.get("/api/v1/vms/" + vm + "/qos").body().get("qosPolicyName").asString()).isEqualTo("Gold");
    }

    @Test
    void aDiskFollowsItsPolicyLiveUntilItHasLimitsOfItsOwn() {
        String id = policy("{\"name\": \"Disks\", \"diskIops\": 300, \"diskMBps\": 20}");
        String vm = vm("qos-disk", "IDLE", false);
        String sr = null;
        for (JsonNode each : api.get("/api/v1/srs").body()) {
            if (each.get("kind").asString().equals("LOCAL") && each.get("hostId").asString().equals(hostId)) {
                sr = each.get("id").asString();
            }
        }
        Api.Response image = api.post("/api/v1/images", "{\"srId\": \"%s\", \"name\": \"qos-disk-img\", \"sizeMiB\": 8}".formatted(sr));
        assertThat(image.status()).as(image.raw()).isEqualTo(201);
        Api.Response attached = api.post("/api/v1/vms/" + vm + "/vbds", "{\"imageId\": \"%s\", \"qosPolicyId\": \"%s\"}"
                .formatted(image.body().get("id").asString(), id));
        assertThat(attached.status()).as(attached.raw()).isEqualTo(201);
        assertThat(attached.body().get("effectiveIops").get("source").asString()).isEqualTo("policy:Disks");
        String vbd = attached.body().get("id").asString();
        api.post("/api/v1/vms/" + vm + "/start", "{}");
        Await.until("VM qos-disk runs", () -> api.get("/api/v1/vms/" + vm).body().get("powerState").asString().equals("RUNNING"));
        var disk = EmbeddedRuntime.existing(hostName).domain(UUID.fromString(vm)).hostLocalDisks().get(0);
        assertThat(disk.iopsLimit()).isEqualTo(300);
        assertThat(disk.bytesPerSecondLimit()).isEqualTo(20_000_000);

        api.put("/api/v1/qos-policies/" + id, "{\"name\": \"Disks\", \"diskIops\": 900, \"diskMBps\": 20}");
        assertThat(disk.iopsLimit()).isEqualTo(900);

        assertRefused(api.put("/api/v1/vms/" + vm + "/vbds/" + vbd + "/qos", "{\"qosPolicyId\": \"%s\", \"iopsLimit\": -1}".formatted(id)),
                400, "iopsLimit", "between 0");
        JsonNode own = api.put("/api/v1/vms/" + vm + "/vbds/" + vbd + "/qos", "{\"qosPolicyId\": \"%s\", \"iopsLimit\": 77}".formatted(id)).body();
        assertThat(own.get("effectiveIops").get("value").asLong()).isEqualTo(77);
        assertThat(own.get("effectiveIops").get("source").asString()).isEqualTo("vbd");
        assertThat(own.get("effectiveMBps").get("source").asString()).isEqualTo("policy:Disks");
        assertThat(disk.iopsLimit()).isEqualTo(77);

        api.put("/api/v1/qos-policies/" + id, "{\"name\": \"Disks\", \"diskIops\": 5, \"diskMBps\": 40}");
        assertThat(disk.iopsLimit()).isEqualTo(77);
        assertThat(disk.bytesPerSecondLimit()).isEqualTo(40_000_000);
        assertThat(api.get("/api/v1/qos-policies/" + id).body().get("usedBy").toString()).contains("disk xvda of qos-disk");
    }

    @Test
    void aVifRateEditedOnARunningVmIsSetLiveWithoutReplugging() {
        String vm = vm("qos-vif-live", "IDLE", true);
        JsonNode vif = addVif(vm, "00:16:3e:90:00:06", "10Mb/s", null);
        Nic before = port("00:16:3e:90:00:06");
        Api.Response edited = api.put("/api/v1/vms/" + vm + "/vifs/" + vif.get("id").asString(),
                "{\"networkId\": \"%s\", \"rate\": \"2Mb/s\"}".formatted(networkId));
        assertThat(edited.status()).as(edited.raw()).isEqualTo(200);
        assertThat(port("00:16:3e:90:00:06")).isSameAs(before);
        assertThat(before.rateLimit()).isEqualTo(RateLimit.parse("2Mb/s"));
    }

    @Test
    void aVmCopiedFromATemplateKeepsItsQosPolicies() {
        String id = policy("{\"name\": \"Tmpl\", \"nicRate\": \"4Mb/s\", \"cpuWeight\": 700}");
        String vm = vm("qos-tmpl", "IDLE", false);
        addVif(vm, "00:16:3e:90:00:07", null, id);
        api.put("/api/v1/vms/" + vm + "/qos", "{\"qosPolicyId\": \"%s\", \"cpuCap\": 40}".formatted(id));
        Api.Response converted = api.post("/api/v1/vms/" + vm + "/template", null);
        assertThat(converted.status()).as(converted.raw()).isEqualTo(200);

        Api.Response copy = api.post("/api/v1/templates/" + vm + "/instantiate", """
                {"name": "qos-from-tmpl", "hostId": "%s"}""".formatted(hostId));
        assertThat(copy.status()).as(copy.raw()).isEqualTo(201);
        String copyId = copy.body().get("vm").get("id").asString();
        made.add(copyId);
        JsonNode qos = api.get("/api/v1/vms/" + copyId + "/qos").body();
        assertThat(qos.get("qosPolicyName").asString()).isEqualTo("Tmpl");
        assertThat(qos.get("effectiveCpuWeight").get("value").asInt()).isEqualTo(700);
        assertThat(qos.get("effectiveCpuCap").get("source").asString()).isEqualTo("vm");
        assertThat(api.get("/api/v1/vms/" + copyId + "/vifs").body().get(0).get("qosPolicyName").asString()).isEqualTo("Tmpl");
    }

    @Test
    void theOpenApiDocumentDescribesQosPolicies() {
        String doc = api.get("/api/v1/openapi.json").raw();
        assertThat(doc).contains("/api/v1/qos-policies", "/api/v1/qos-policies/{id}", "/api/v1/vms/{id}/qos",
                "/api/v1/vms/{vmId}/vbds/{vbdId}/qos", "QosPolicyForm", "nicBurstKB", "effectiveRate");
    }

    /**
     * The test the issue asks for: a running VM's VIF follows a policy; a sender keeps that NIC's
     * transmit queue full (as a guest sending flat out would; the sender is the test's, so the
     * offered load does not depend on how the machine schedules the guest); the policy's rate is
     * edited through the API; the NIC's measured rate follows. The token bucket bounds the rate from
     * above whatever the machine's load, so the check after the edit is tight; before it, the NIC
     * only needs to have carried far more than the new limit allows.
     */
    @Test
    void aPolicyEditReachesARunningVmAndItsNicsMeasuredRateChanges() throws InterruptedException {
        String id = policy("{\"name\": \"Live\", \"nicRate\": \"16Mb/s\"}");
        String vm = vm("qos-live", "IDLE", true);
        addVif(vm, "00:16:3e:90:00:05", null, id);
        Nic nic = port("00:16:3e:90:00:05");
        Thread sender = Thread.ofPlatform().daemon().start(() -> saturate(nic));
        try {
            double before = measuredBytesPerSecond(nic);

            Api.Response edited = api.put("/api/v1/qos-policies/" + id, "{\"name\": \"Live\", \"nicRate\": \"1Mb/s\"}");
            assertThat(edited.status()).as(edited.raw()).isEqualTo(200);
            assertThat(edited.body().get("notApplied")).isEmpty();
            assertThat(nic.rateLimit()).isEqualTo(RateLimit.parse("1Mb/s"));
            double after = measuredBytesPerSecond(nic);

            assertThat(after).as("bytes/s after the edit to 1Mb/s (125,000 B/s)").isBetween(1.0, 125_000 * 1.15);
            assertThat(before / after).as("rate before (16Mb/s) over rate after (1Mb/s): %,.0f / %,.0f B/s", before, after)
                    .isGreaterThan(4);
        } finally {
            sender.interrupt();
        }
        JsonNode vif = api.get("/api/v1/vms/" + vm + "/vifs").body().get(0);
        assertThat(vif.get("effectiveRate").get("value").asString()).isEqualTo(RateLimit.parse("1Mb/s").toString());
        assertThat(vif.get("effectiveRate").get("source").asString()).isEqualTo("policy:Live");
    }

    /** Keeps the NIC's transmit queue full of 1024-byte frames to a MAC beyond the host, sending each as its credit allows. */
    private static void saturate(Nic nic) {
        while (!Thread.currentThread().isInterrupted()) {
            long now = System.nanoTime();
            while (nic.queued() < 32) {
                nic.transmit("02:00:00:00:00:01", 1024, now);
            }
            long wait = nic.nextSendAt(now) - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            nic.flush(System.nanoTime());
        }
    }

    /** Bytes the NIC sent per second over a window of 40 refills of its bucket, after one refill to settle. */
    private static double measuredBytesPerSecond(Nic nic) throws InterruptedException {
        long interval = nic.rateLimit().intervalNanos();
        Thread.sleep(interval / 1_000_000);
        long b0 = nic.counters().txBytes();
        long t0 = System.nanoTime();
        Thread.sleep(40 * interval / 1_000_000);
        long bytes = nic.counters().txBytes() - b0;
        return bytes / ((System.nanoTime() - t0) / 1e9);
    }

    private Nic port(String mac) {
        return EmbeddedRuntime.existing(hostName).vswitch().port(mac).orElseThrow(() -> new AssertionError(mac + " is not on the switch"));
    }
}
