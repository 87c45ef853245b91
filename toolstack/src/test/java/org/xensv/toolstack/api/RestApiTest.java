package org.xensv.toolstack.api;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST API over real HTTP on a random port, against H2. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RestApiTest {

    @LocalServerPort
    int port;

    Api api;
    String hostId;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        hostId = api.get("/api/v1/hosts").body().get(0).get("id").asString();
    }

    private String createVm(String name, boolean start) {
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "%s", "type": "PV", "vcpus": 1, "memoryMiB": 256, "hostId": "%s", "start": %s}
                """.formatted(name, hostId, start));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("vm").get("id").asString();
        if (start) {
            awaitState(id, "RUNNING");
        }
        return id;
    }

    private void awaitState(String vmId, String state) {
        Await.until("VM " + vmId + " is " + state, () -> {
            var vm = api.get("/api/v1/vms/" + vmId).body();
            return vm.get("powerState").asString().equals(state) && vm.get("currentOperation").isNull();
        });
    }

    @Test
    void listsTheEmbeddedPoolAndItsHosts() {
        Api.Response pools = api.get("/api/v1/pools");
        assertThat(pools.status()).isEqualTo(200);
        assertThat(pools.body().get(0).get("name").asString()).isEqualTo("Embedded pool");
        Api.Response hosts = api.get("/api/v1/hosts");
        assertThat(hosts.body().size()).isEqualTo(2);
        assertThat(hosts.body().get(0).get("connection").asString()).isEqualTo("CONNECTED");
    }

    @Test
    void createStartPauseAndDestroyThroughTheApi() {
        String id = createVm("api-cycle", true);

        Api.Response pause = api.post("/api/v1/vms/" + id + "/pause", null);
        assertThat(pause.status()).isEqualTo(202);
        String taskId = pause.body().get("id").asString();
        Await.until("pause task succeeds", () -> api.get("/api/v1/tasks/" + taskId).body().get("status").asString().equals("SUCCESS"));
        awaitState(id, "PAUSED");
        assertThat(api.get("/api/v1/vms/" + id + "/allowed-operations").body().toString()).contains("UNPAUSE").doesNotContain("\"PAUSE\"");

        api.post("/api/v1/vms/" + id + "/hard-shutdown", null);
        awaitState(id, "HALTED");
        assertThat(api.delete("/api/v1/vms/" + id).status()).isEqualTo(202);
        Await.until("VM is gone", () -> api.get("/api/v1/vms/" + id).status() == 404);
    }

    @Test
    void badInputAnswers400NamingTheFieldAndTheRule() {
        Api.Response response = api.post("/api/v1/vms", """
                {"name": "api-bad", "vcpus": 1, "memoryMiB": 0, "hostId": "%s"}
                """.formatted(hostId));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("field").asString()).isEqualTo("memoryMiB");
        assertThat(response.body().get("detail").asString()).contains("memoryMiB").contains("between 1");
        assertThat(response.body().get("code").asString()).isEqualTo("INVALID_VALUE");
    }

    @Test
    void aWronglyTypedFieldAnswers400NamingIt() {
        Api.Response response = api.post("/api/v1/vms", """
                {"name": "api-typed", "vcpus": "two", "memoryMiB": 256}
                """);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("field").asString()).isEqualTo("vcpus");
    }

    @Test
    void anOperationInTheWrongPowerStateAnswers409NamingVmExpectedAndActual() {
        String id = createVm("api-409", false);

        Api.Response response = api.post("/api/v1/vms/" + id + "/pause", null);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.body().get("code").asString()).isEqualTo("VM_BAD_POWER_STATE");
        assertThat(response.body().get("params").get("vm").asString()).isEqualTo("api-409");
        assertThat(response.body().get("params").get("actual").asString()).isEqualTo("HALTED");
        assertThat(response.body().get("params").get("expected").toString()).contains("RUNNING");
        assertThat(api.get("/api/v1/vms/" + id).body().get("powerState").asString()).isEqualTo("HALTED");
    }

    @Test
    void unknownIdsAnswer404() {
        UUID unknown = UUID.randomUUID();
        assertThat(api.get("/api/v1/vms/" + unknown).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/vms/" + unknown + "/start", null).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/hosts/" + unknown).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/tasks/" + unknown).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/pools/" + unknown).body().get("detail").asString()).contains(unknown.toString());
    }

    @Test
    void anUnknownOperationAnswers400() {
        String id = createVm("api-unknown-op", false);
        Api.Response response = api.post("/api/v1/vms/" + id + "/explode", null);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("field").asString()).isEqualTo("operation");
    }

    @Test
    void servesAnOpenApiDocument() {
        Api.Response doc = api.get("/api/v1/openapi.json");
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.body().get("paths").has("/api/v1/vms")).isTrue();
        assertThat(doc.body().get("paths").has("/api/v1/vms/{id}/{operation}")).isTrue();
    }
}
