package org.xensv.toolstack.api;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Capacity through the REST API: a host asking memory the process does not have is refused, and
 * guests started until the host is full leave the console answering and every running guest running.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "xensv.embedded.pool-name=Capacity pool",
        "xensv.embedded.host-prefix=cap${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1",
        "xensv.embedded.pcpus=2",
        "xensv.embedded.memory-mib=512"
})
class CapacityApiTest {

    @LocalServerPort
    int port;

    Api api;
    String poolId;
    String hostId;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        poolId = api.get("/api/v1/pools").body().get(0).get("id").asString();
        hostId = api.get("/api/v1/hosts").body().get(0).get("id").asString();
    }

    @ParameterizedTest(name = "memoryMiB={0}")
    @CsvSource(delimiter = '|', value = {
            "2000000000 | is more than this process can give",
            "-1         | must be at least 64 MiB",
            "plenty     | must be a whole number"})
    void aHostAskingAnAbsurdSizeIsRefusedWith400NamingTheFieldAndNothingIsPersisted(String size, String reason) {
        String name = "absurd-" + UUID.randomUUID().toString().substring(0, 8);

        Api.Response response = api.post("/api/v1/hosts", """
                {"poolId": "%s", "name": "%s", "uri": "embedded://%s?memoryMiB=%s"}
                """.formatted(poolId, name, name, size));

        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.body().get("field").asString()).isEqualTo("memoryMiB");
        assertThat(response.body().get("detail").asString()).contains(reason).contains("got " + size);
        assertThat(api.get("/api/v1/hosts").body().valueStream().map(h -> h.get("name").asString())).doesNotContain(name);
    }

    @Test
    void theRefusalOfAnOversizedHostSaysWhatTheProcessCanGive() {
        Api.Response response = api.post("/api/v1/hosts", """
                {"poolId": "%s", "name": "huge", "uri": "embedded://huge?memoryMiB=2000000000"}
                """.formatted(poolId));

        assertThat(response.body().get("detail").asString())
                .containsPattern("\\d+ MiB of its \\d+ MiB budget for embedded hosts are free")
                .contains("MiB of physical memory less");
    }

    @Test
    void aVmBiggerThanTheHostIsRefusedAtDefineSayingWhatTheHostHas() {
        Api.Response response = api.post("/api/v1/vms", """
                {"name": "cap-huge", "vcpus": 1, "memoryMiB": 1024, "hostId": "%s", "workload": "IDLE"}
                """.formatted(hostId));

        assertThat(response.status()).as(response.raw()).isEqualTo(409);
        assertThat(response.body().get("detail").asString())
                .matches("Host '.+' cannot hold VM 'cap-huge': it needs 1024 MiB of memory but the host has only 512 MiB in all\\.");
        assertThat(api.get("/api/v1/vms").body().valueStream().map(v -> v.get("name").asString())).doesNotContain("cap-huge");
    }

    @Test
    void guestsStartedUntilRefusedLeaveTheConsoleAnsweringAndEveryRunningGuestRunning() {
        List<String> running = new ArrayList<>();
        JsonNode refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            String id = halted("cap-guest-" + i);
            Api.Response start = api.post("/api/v1/vms/" + id + "/start", null);
            assertThat(start.status()).as(start.raw()).isEqualTo(202);
            String taskId = start.body().get("id").asString();
            JsonNode task = Await.value("start of cap-guest-" + i + " ends", () -> api.get("/api/v1/tasks/" + taskId).body(),
                    t -> !t.get("status").asString().equals("PENDING") && !t.get("status").asString().equals("RUNNING"));
            if (task.get("status").asString().equals("SUCCESS")) {
                running.add(id);
            } else {
                refused = task;
            }
        }

        assertThat(running).hasSize(3);
        assertThat(refused).as("a start was refused once the host was full").isNotNull();
        assertThat(refused.get("errorMessage").asString())
                .matches("Host '.+' cannot run VM 'cap-guest-3': it needs 160 MiB of memory but only 32 MiB are free\\.");
        Api.Response vms = api.get("/api/v1/vms");
        assertThat(vms.status()).isEqualTo(200);
        Api.Response host = api.get("/api/v1/hosts/" + hostId);
        assertThat(host.status()).isEqualTo(200);
        assertThat(host.body().get("connection").asString()).isEqualTo("CONNECTED");
        for (String id : running) {
            assertThat(api.get("/api/v1/vms/" + id).body().get("powerState").asString()).isEqualTo("RUNNING");
        }
        Await.until("the host reports 32 MiB free",
                () -> api.get("/api/v1/hosts/" + hostId).body().get("freeMemoryMiB").asLong() == 32);
    }

    private String halted(String name) {
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "%s", "vcpus": 1, "memoryMiB": 160, "hostId": "%s", "workload": "IDLE", "workloadFillMiB": 1}
                """.formatted(name, hostId));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("vm").get("id").asString();
    }
}
