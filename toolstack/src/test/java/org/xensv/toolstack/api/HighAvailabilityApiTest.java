package org.xensv.toolstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.toolstack.support.AgentProcess;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

import tools.jackson.databind.JsonNode;

/**
 * High availability with fencing, with two host agents in OS processes of their own on 127.0.0.1,
 * added to a pool of their own through the API: a protected VM migrated live to agent B is restarted
 * on agent A when B is lost, an unprotected one stays on B with its state unknown, and a protected
 * one that does not fit in what A has left is reported. When B returns, its stale copy of the
 * restarted VM is destroyed before anything else (fencing), so the VM runs exactly once: whether B
 * was frozen (SIGSTOP, then SIGCONT: its copy still running, as after a network partition) or
 * killed and started again (SIGKILL: its copy back halted). The pool's host-lost timeout is set
 * through the API, so this class shares the toolstack tests' context.
 */
// the toolstack tests' shared context (each context claims its hosts' memory from one process budget)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HighAvailabilityApiTest {

    /** A safety net, not a measure: losing a host takes a resync round, call deadlines and the timeout. */
    private static final Duration SLOW = Duration.ofMinutes(4);

    @LocalServerPort
    int port;

    Api api;
    String poolId;
    AgentProcess a;
    AgentProcess b;
    String hostA;
    String hostB;
    final List<String> vms = new ArrayList<>();

    @BeforeEach
    void twoAgentsInAPoolWithAShortHostLostTimeout() {
        api = new Api(port);
        Api.Response pool = api.post("/api/v1/pools", "{\"name\": \"ha-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertThat(pool.status()).as(pool.raw()).isEqualTo(201);
        poolId = pool.body().get("id").asString();
        Api.Response ha = api.put("/api/v1/pools/" + poolId + "/ha", "{\"hostLostTimeoutSeconds\": 2}");
        assertThat(ha.status()).as(ha.raw()).isEqualTo(200);
        assertThat(ha.body().get("hostLostTimeoutSeconds").asInt()).isEqualTo(2);
        a = AgentProcess.start("ha-a", 256);
        b = AgentProcess.start("ha-b", 256);
        hostA = add(a);
        hostB = add(b);
    }

    @AfterEach
    void removeEverything() {
        b.thaw();
        for (String id : vms) {
            Await.until("VM " + id + " is known again", SLOW, () -> {
                var vm = api.get("/api/v1/vms/" + id);
                return vm.status() == 404 || !vm.body().get("stateUnknown").asBoolean() && vm.body().get("currentOperation").isNull();
            });
            var vm = api.get("/api/v1/vms/" + id);
            if (vm.status() == 404) {
                continue;
            }
            if (!vm.body().get("powerState").asString().equals("HALTED")) {
                api.post("/api/v1/vms/" + id + "/hard-shutdown", null);
                awaitState(id, "HALTED");
            }
            api.delete("/api/v1/vms/" + id);
            Await.until("VM " + id + " is gone", () -> api.get("/api/v1/vms/" + id).status() == 404);
        }
        api.delete("/api/v1/hosts/" + hostA);
        api.delete("/api/v1/hosts/" + hostB);
        api.delete("/api/v1/pools/" + poolId);
        a.close();
        b.close();
    }

    @Test
    void aFrozenHostsProtectedVmRestartsElsewhereAndItsStaleCopyIsDestroyedWhenItThaws() {
        // A keeps 128 MiB busy, so of B's protected VMs only the 64 MiB one fits in what A has left
        String filler = create("ha-filler", hostA, 128, null, null);
        String protectedVm = create("ha-protected", hostA, 64, "restart", 1);
        migrateLive(protectedVm, hostB);
        String unprotected = create("ha-unprotected", hostB, 64, null, null);
        String tooBig = create("ha-too-big", hostB, 96, "best-effort", 0);

        b.freeze();

        Await.until("HA restarts the protected VM on A", SLOW, () -> {
            var vm = vm(protectedVm);
            return vm.get("hostId").asString().equals(hostA) && vm.get("powerState").asString().equals("RUNNING")
                    && !vm.get("stateUnknown").asBoolean() && vm.get("currentOperation").isNull();
        });
        assertThat(host(hostB).get("connection").asString()).isEqualTo("DISCONNECTED");
        assertThat(vm(protectedVm).get("lastEvent").asString()).contains("Restarted by high availability on '" + a.name() + "'");
        var lost = vm(unprotected);
        assertThat(lost.get("hostId").asString()).isEqualTo(hostB);
        assertThat(lost.get("stateUnknown").asBoolean()).isTrue();
        assertThat(lost.get("powerState").asString()).as("unknown, not halted").isEqualTo("RUNNING");
        assertThat(lost.get("lastEvent").asString()).contains("unprotected");
        var big = vm(tooBig);
        assertThat(big.get("hostId").asString()).isEqualTo(hostB);
        assertThat(big.get("stateUnknown").asBoolean()).isTrue();
        assertThat(big.get("lastEvent").asString()).contains("Not restarted by high availability").contains("96 MiB");
        JsonNode task = haTask(hostB);
        assertThat(task.get("status").asString()).as(task.toString()).isEqualTo("FAILURE");
        assertThat(task.get("result").asString()).contains("ha-protected").contains("ha-unprotected");
        assertThat(task.get("errorMessage").asString()).contains("ha-too-big");
        // the VM runs on A now, while B, cut off, still runs its old copy: the partition case fencing exists for
        assertThat(a.domains()).extracting(DomainInfo::uuid).contains(UUID.fromString(protectedVm));

        b.thaw();

        Await.until("B is back and fenced", SLOW, () -> host(hostB).get("connection").asString().equals("CONNECTED")
                && !vm(unprotected).get("stateUnknown").asBoolean());
        runsExactlyOnceOnA(protectedVm);
        assertThat(vm(protectedVm).get("lastEvent").asString()).contains("fencing").contains("running");
        assertThat(vm(unprotected).get("powerState").asString()).isEqualTo("RUNNING");
        assertThat(vm(tooBig).get("powerState").asString()).isEqualTo("RUNNING");
        assertThat(b.domains()).extracting(DomainInfo::uuid)
                .contains(UUID.fromString(unprotected), UUID.fromString(tooBig));
        assertThat(vm(filler).get("hostId").asString()).isEqualTo(hostA);
    }

    @Test
    void aKilledHostsProtectedVmRestartsElsewhereAndItsHaltedCopyIsUndefinedWhenItComesBack() {
        String protectedVm = create("ha-survivor", hostA, 64, "restart", 0);
        migrateLive(protectedVm, hostB);

        b.kill();

        Await.until("HA restarts the protected VM on A", SLOW, () -> {
            var vm = vm(protectedVm);
            return vm.get("hostId").asString().equals(hostA) && vm.get("powerState").asString().equals("RUNNING")
                    && vm.get("currentOperation").isNull();
        });
        JsonNode task = haTask(hostB);
        assertThat(task.get("status").asString()).as(task.toString()).isEqualTo("SUCCESS");
        assertThat(task.get("result").asString()).contains(vm(protectedVm).get("name").asString() + " on '" + a.name() + "'");

        b.restart();

        Await.until("B is back", SLOW, () -> host(hostB).get("connection").asString().equals("CONNECTED"));
        Await.until("B's copy is fenced", SLOW, () -> vm(protectedVm).get("lastEvent").asString().contains("fencing"));
        assertThat(vm(protectedVm).get("lastEvent").asString()).contains("halted");
        runsExactlyOnceOnA(protectedVm);
    }

    @Test
    void aVmsProtectionIsSetThroughTheApiWithTheStaleEditRuleAndBadValuesNameTheField() {
        String id = create("ha-settings", hostA, 32, null, null);
        var ha = api.get("/api/v1/vms/" + id + "/ha").body();
        assertThat(ha.get("restartPriority").isNull()).isTrue();
        long version = ha.get("version").asLong();

        var set = api.put("/api/v1/vms/" + id + "/ha", "{\"restartPriority\": \"restart\", \"restartOrder\": 3, \"version\": " + version + "}");
        assertThat(set.status()).as(set.raw()).isEqualTo(200);
        assertThat(set.body().get("restartPriority").asString()).isEqualTo("RESTART");
        assertThat(vm(id).get("haRestartOrder").asInt()).isEqualTo(3);

        var stale = api.put("/api/v1/vms/" + id + "/ha", "{\"restartPriority\": \"best-effort\", \"version\": " + version + "}");
        assertThat(stale.status()).as(stale.raw()).isEqualTo(409);
        var bad = api.put("/api/v1/vms/" + id + "/ha", "{\"restartPriority\": \"always\"}");
        assertThat(bad.status()).as(bad.raw()).isEqualTo(400);
        assertThat(bad.raw()).contains("restartPriority");
        var badOrder = api.put("/api/v1/vms/" + id + "/ha", "{\"restartPriority\": \"restart\", \"restartOrder\": -1}");
        assertThat(badOrder.status()).as(badOrder.raw()).isEqualTo(400);
        assertThat(badOrder.raw()).contains("restartOrder");
        assertThat(vm(id).get("haRestartPriority").asString()).isEqualTo("RESTART");

        var badCreate = api.post("/api/v1/vms", """
                {"name": "ha-bad", "type": "PV", "vcpus": 1, "memoryMiB": 32, "hostId": "%s", "haRestartPriority": "sometimes"}
                """.formatted(hostA));
        assertThat(badCreate.status()).as(badCreate.raw()).isEqualTo(400);
        assertThat(badCreate.raw()).contains("haRestartPriority");
        assertThat(api.get("/api/v1/vms").raw()).doesNotContain("ha-bad");
        var badTimeout = api.put("/api/v1/pools/" + poolId + "/ha", "{\"hostLostTimeoutSeconds\": 0}");
        assertThat(badTimeout.status()).as(badTimeout.raw()).isEqualTo(400);
        assertThat(badTimeout.raw()).contains("hostLostTimeoutSeconds");
    }

    /** The VM runs on A, and on no other host: asked of both agents directly, not of the console. */
    private void runsExactlyOnceOnA(String vmId) {
        UUID id = UUID.fromString(vmId);
        assertThat(b.domains()).extracting(DomainInfo::uuid).doesNotContain(id);
        assertThat(a.domains()).filteredOn(d -> d.uuid().equals(id)).singleElement()
                .satisfies(d -> assertThat(d.powerState()).isEqualTo(PowerState.RUNNING));
        var vm = vm(vmId);
        assertThat(vm.get("hostId").asString()).isEqualTo(hostA);
        assertThat(vm.get("powerState").asString()).isEqualTo("RUNNING");
        assertThat(vm.get("stateUnknown").asBoolean()).isFalse();
    }

    private String add(AgentProcess agent) {
        Api.Response added = api.post("/api/v1/hosts", """
                {"poolId": "%s", "name": "%s", "uri": "%s"}
                """.formatted(poolId, agent.name(), agent.uri()));
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        String id = added.body().get("id").asString();
        // a fresh agent process may answer its first call slowly: the next round connects it
        Await.until("host " + agent.name() + " is connected (added: " + added.raw() + ")", SLOW,
                () -> host(id).get("connection").asString().equals("CONNECTED"));
        return id;
    }

    private String create(String prefix, String hostId, long memoryMiB, String priority, Integer order) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "%s", "type": "PV", "vcpus": 1, "memoryMiB": %d, "hostId": "%s", "start": true,
                 "haRestartPriority": %s, "haRestartOrder": %s}
                """.formatted(name, memoryMiB, hostId, priority == null ? "null" : "\"" + priority + "\"", order));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("vm").get("id").asString();
        vms.add(id);
        assertThat(created.body().get("vm").get("haRestartPriority").isNull()).isEqualTo(priority == null);
        awaitState(id, "RUNNING");
        return id;
    }

    private void migrateLive(String vmId, String destination) {
        Api.Response task = api.post("/api/v1/vms/" + vmId + "/migrate", "{\"hostId\": \"%s\"}".formatted(destination));
        assertThat(task.status()).as(task.raw()).isEqualTo(202);
        String taskId = task.body().get("id").asString();
        var done = Await.value("migration finishes", () -> api.get("/api/v1/tasks/" + taskId).body(),
                t -> !t.get("status").asString().equals("PENDING") && !t.get("status").asString().equals("RUNNING"));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCESS");
        assertThat(vm(vmId).get("hostId").asString()).isEqualTo(destination);
        awaitState(vmId, "RUNNING");
        var check = api.get("/api/v1/vms/" + vmId + "/memory-check");
        assertThat(check.status()).as(check.raw()).isEqualTo(200);
        assertThat(check.body().get("ok").asBoolean()).as(check.raw()).isTrue();
    }

    /** The HA task of the lost host, once it has ended. */
    private JsonNode haTask(String lostHostId) {
        return Await.value("the HA task of host " + lostHostId + " ends", () -> {
            for (JsonNode t : api.get("/api/v1/tasks?limit=1000").body()) {
                if (t.get("operation").asString().equals("HA_RESTART") && t.get("objectId").asString().equals(lostHostId)) {
                    return t;
                }
            }
            return null;
        }, t -> t != null && !t.get("status").asString().equals("PENDING") && !t.get("status").asString().equals("RUNNING"));
    }

    private JsonNode vm(String id) {
        return api.get("/api/v1/vms/" + id).body();
    }

    private JsonNode host(String id) {
        return api.get("/api/v1/hosts/" + id).body();
    }

    private void awaitState(String vmId, String state) {
        Await.until("VM " + vmId + " is " + state, () -> {
            var vm = vm(vmId);
            return vm.get("powerState").asString().equals(state) && vm.get("currentOperation").isNull()
                    && !vm.get("stateUnknown").asBoolean();
        });
    }
}
