package org.xensv.toolstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk actions through {@code POST /api/v1/vms/bulk}: one task, a row per VM; a VM whose state does
 * not allow the action is skipped with the reason, one the host cannot take fails, the others are
 * done; by filter as by id; tags added and removed; bad requests refused naming the field, nothing changed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BulkApiTest {

    @LocalServerPort
    int port;

    Api api;
    String prefix;
    String hostId;
    final List<String> created = new ArrayList<>();

    @BeforeEach
    void setUp() {
        api = new Api(port);
        prefix = "bk" + UUID.randomUUID().toString().substring(0, 6) + "-";
        hostId = api.get("/api/v1/hosts").body().get(0).get("id").asString();
    }

    @AfterEach
    void destroyThem() {
        for (String id : created) {
            JsonNode vm = api.get("/api/v1/vms/" + id).body();
            if (vm.has("powerState") && !vm.get("powerState").asString().equals("HALTED")) {
                String task = api.post("/api/v1/vms/" + id + "/hard-shutdown", null).body().get("id").asString();
                finished(task);
            }
            api.delete("/api/v1/vms/" + id);
        }
    }

    private String vm(String suffix, long memoryMiB) {
        Api.Response vm = api.post("/api/v1/vms", """
                {"name": "%s%s", "vcpus": 1, "memoryMiB": %d, "hostId": "%s"}""".formatted(prefix, suffix, memoryMiB, hostId));
        assertThat(vm.status()).as(vm.raw()).isEqualTo(201);
        String id = vm.body().get("vm").get("id").asString();
        created.add(id);
        return id;
    }

    private JsonNode finished(String taskId) {
        return Await.value("task " + taskId + " finished", () -> api.get("/api/v1/tasks/" + taskId).body(),
                t -> !t.get("status").asString().equals("PENDING") && !t.get("status").asString().equals("RUNNING"));
    }

    private static Map<String, JsonNode> rowsByName(JsonNode task) {
        JsonNode result = JsonMapper.builder().build().readTree(task.get("result").asString());
        Map<String, JsonNode> rows = new HashMap<>();
        result.get("rows").forEach(r -> rows.put(r.get("name").asString(), r));
        return rows;
    }

    @Test
    void aMixedStartDoesWhatItCanAndSaysWhatItCouldNot() {
        vm("small", 16);
        String running = vm("running", 16);
        finished(api.post("/api/v1/vms/" + running + "/start", null).body().get("id").asString());
        String bigA = vm("big-a", 700);
        String bigB = vm("big-b", 700);

        Api.Response submitted = api.post("/api/v1/vms/bulk", """
                {"action": "start", "filter": {"q": "%s"}}""".formatted(prefix));
        assertThat(submitted.status()).as(submitted.raw()).isEqualTo(202);
        JsonNode task = finished(submitted.body().get("id").asString());

        assertThat(task.get("status").asString()).as(task.toString()).isEqualTo("FAILURE");
        assertThat(task.get("errorCode").asString()).isEqualTo("BULK_PARTLY_FAILED");
        Map<String, JsonNode> rows = rowsByName(task);
        assertThat(rows).hasSize(4);
        assertThat(rows.get(prefix + "small").get("status").asString()).isEqualTo("DONE");
        assertThat(rows.get(prefix + "running").get("status").asString()).isEqualTo("SKIPPED");
        assertThat(rows.get(prefix + "running").get("reason").asString()).containsIgnoringCase("running");
        List<String> bigs = List.of(rows.get(prefix + "big-a").get("status").asString(), rows.get(prefix + "big-b").get("status").asString());
        assertThat(bigs).contains("FAILED");
        // what failed is as it was: halted, not busy
        for (String big : List.of(bigA, bigB)) {
            JsonNode vm = api.get("/api/v1/vms/" + big).body();
            String status = rows.get(vm.get("name").asString()).get("status").asString();
            assertThat(vm.get("powerState").asString()).isEqualTo(status.equals("DONE") ? "RUNNING" : "HALTED");
            assertThat(vm.get("currentOperation").isNull()).isTrue();
        }
    }

    @Test
    void tagsAreAddedAndRemovedOnTheVmsNamed() {
        String a = vm("a", 16);
        String b = vm("b", 16);
        JsonNode tagged = finished(api.post("/api/v1/vms/bulk", """
                {"action": "tag", "tag": "Batch-7", "vmIds": ["%s", "%s"]}""".formatted(a, b)).body().get("id").asString());
        assertThat(tagged.get("status").asString()).as(tagged.toString()).isEqualTo("SUCCESS");
        assertThat(api.get("/api/v1/vms?tag=batch-7&q=" + prefix).body().size()).isEqualTo(2);

        JsonNode untagged = finished(api.post("/api/v1/vms/bulk", """
                {"action": "untag", "tag": "batch-7", "filter": {"tag": "batch-7"}}""").body().get("id").asString());
        assertThat(untagged.get("status").asString()).as(untagged.toString()).isEqualTo("SUCCESS");
        assertThat(api.get("/api/v1/vms?tag=batch-7").body().size()).isZero();
    }

    @Test
    void badRequestsAreRefusedNamingTheFieldAndChangeNothing() {
        String a = vm("a", 16);
        assertRefused("{\"action\": \"explode\", \"vmIds\": [\"" + a + "\"]}", "action");
        assertRefused("{\"action\": \"start\"}", "vmIds");
        assertRefused("{\"action\": \"start\", \"vmIds\": [\"" + a + "\"], \"filter\": {}}", "vmIds");
        assertRefused("{\"action\": \"tag\", \"vmIds\": [\"" + a + "\"]}", "tag");
        assertRefused("{\"action\": \"tag\", \"tag\": \"no spaces\", \"vmIds\": [\"" + a + "\"]}", "tag");
        assertRefused("{\"action\": \"start\", \"filter\": {\"state\": \"asleep\"}}", "state");
        JsonNode vm = api.get("/api/v1/vms/" + a).body();
        assertThat(vm.get("powerState").asString()).isEqualTo("HALTED");
        assertThat(vm.get("tags").size()).isZero();
    }

    @Test
    void aReadOnlyUserCannotRunOne() {
        String a = vm("a", 16);
        api.post("/api/v1/users", """
                {"username": "%sviewer", "password": "viewer-password-1", "role": "READ_ONLY"}""".formatted(prefix));
        Api viewer = new Api(port, prefix + "viewer", "viewer-password-1");
        Api.Response refused = viewer.post("/api/v1/vms/bulk", "{\"action\": \"start\", \"vmIds\": [\"" + a + "\"]}");
        assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
        assertThat(api.get("/api/v1/vms/" + a).body().get("powerState").asString()).isEqualTo("HALTED");
    }

    private void assertRefused(String body, String field) {
        Api.Response response = api.post("/api/v1/vms/bulk", body);
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.raw()).contains(field);
    }
}
