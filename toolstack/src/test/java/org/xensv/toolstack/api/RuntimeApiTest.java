package org.xensv.toolstack.api;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

import static org.assertj.core.api.Assertions.assertThat;

/** Console, metrics and migration through the REST API, over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RuntimeApiTest {

    @LocalServerPort
    int port;

    Api api;
    String host1;
    String host2;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        var hosts = api.get("/api/v1/hosts").body();
        host1 = hosts.get(0).get("id").asString();
        host2 = hosts.get(1).get("id").asString();
    }

    private String running(String name, String workload) {
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "%s", "vcpus": 1, "memoryMiB": 96, "hostId": "%s", "workload": "%s",
                 "workloadFillMiB": 32, "workloadWorkingSetMiB": 8, "workloadPagesPerSecond": 1000, "start": true}
                """.formatted(name, host1, workload));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("vm").get("id").asString();
        Await.until(name + " running", () -> api.get("/api/v1/vms/" + id).body().get("powerState").asString().equals("RUNNING"));
        return id;
    }

    @Test
    void theConsoleShowsWhatTheGuestPrinted() {
        String id = running("rt-console", "WEB");

        String console = Await.value("boot messages", () -> api.get("/api/v1/vms/" + id + "/console").raw(), s -> !s.isBlank());

        assertThat(console).isNotBlank();
    }

    @Test
    void whatIsTypedOnTheConsoleIsReadByTheGuestAndBadInputIsRefusedByField() {
        String id = running("rt-typist", "IDLE");
        Await.until("the login prompt", () -> api.get("/api/v1/vms/" + id + "/console").raw().contains("root@rt-typist:~# "));

        Api.Response typed = api.postText("/api/v1/vms/" + id + "/console", "text/plain", "echo hello from the api\n");
        assertThat(typed.status()).as(typed.raw()).isEqualTo(204);
        Await.until("the guest's answer", () -> api.get("/api/v1/vms/" + id + "/console").raw().contains("# echo hello from the api\nhello from the api\n"));

        Api.Response control = api.postText("/api/v1/vms/" + id + "/console", "text/plain", "ls\u0007\n");
        assertThat(control.status()).isEqualTo(400);
        assertThat(control.body().get("field").asString()).isEqualTo("text");
        assertThat(control.body().get("detail").asString()).contains("U+0007");
        Api.Response tooLong = api.postText("/api/v1/vms/" + id + "/console", "text/plain", "x".repeat(1025));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().get("detail").asString()).contains("at most 1024 characters");
        Api.Response empty = api.postText("/api/v1/vms/" + id + "/console", "text/plain", "");
        assertThat(empty.status()).isEqualTo(400);
        gone(id); // the hosts of this context are shared with other test classes: leave their memory free
    }

    private void gone(String id) {
        api.post("/api/v1/vms/" + id + "/hard-shutdown", null);
        Await.until("halted", () -> api.get("/api/v1/vms/" + id).body().get("powerState").asString().equals("HALTED"));
        assertThat(api.delete("/api/v1/vms/" + id).status()).isEqualTo(202);
    }

    @Test
    void metricsAccumulateForARunningVmAndItsHost() {
        String id = running("rt-metrics", "DATABASE");

        Await.until("two VM samples", () -> api.get("/api/v1/vms/" + id + "/metrics").body().size() >= 2);
        var vmPoint = api.get("/api/v1/vms/" + id + "/metrics").body().get(0);
        assertThat(vmPoint.has("cpuPercent")).isTrue();
        assertThat(vmPoint.get("memoryTouchedMiB").asDouble()).isPositive();
        Await.until("host samples", () -> api.get("/api/v1/hosts/" + host1 + "/metrics").body().size() >= 2);
    }

    @Test
    void migrateReturnsATaskWhoseResultIsTheFlightReport() {
        String id = running("rt-migrate", "IDLE");

        Api.Response destinations = api.get("/api/v1/vms/" + id + "/migration-destinations");
        assertThat(destinations.body().get(0).get("hostId").asString()).isEqualTo(host2);
        assertThat(destinations.body().get(0).get("eligible").asBoolean()).isTrue();

        Api.Response prediction = api.post("/api/v1/vms/" + id + "/migration-prediction",
                "{\"hostId\": \"%s\", \"bandwidthMbps\": 1000}".formatted(host2));
        assertThat(prediction.status()).as(prediction.raw()).isEqualTo(200);
        assertThat(prediction.body().has("totalTime")).isTrue();

        Api.Response task = api.post("/api/v1/vms/" + id + "/migrate", "{\"hostId\": \"%s\"}".formatted(host2));
        assertThat(task.status()).as(task.raw()).isEqualTo(202);
        String taskId = task.body().get("id").asString();
        var done = Await.value("migration finishes", () -> api.get("/api/v1/tasks/" + taskId).body(),
                t -> !t.get("status").asString().equals("PENDING") && !t.get("status").asString().equals("RUNNING"));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCESS");
        assertThat(done.get("result").asString()).contains("\"report\"");
        assertThat(api.get("/api/v1/vms/" + id).body().get("hostId").asString()).isEqualTo(host2);
        assertThat(api.get("/api/v1/migrations/" + taskId).body().get("report").isNull()).isFalse();
    }

    @Test
    void migrateToTheSameHostOrWithBadNumbersAnswers400NamingTheField() {
        String id = running("rt-migrate-bad", "IDLE");

        Api.Response same = api.post("/api/v1/vms/" + id + "/migrate", "{\"hostId\": \"%s\"}".formatted(host1));
        assertThat(same.status()).isEqualTo(400);
        assertThat(same.body().get("field").asString()).isEqualTo("hostId");

        Api.Response bad = api.post("/api/v1/vms/" + id + "/migrate",
                "{\"hostId\": \"%s\", \"downtimeTargetMs\": 0}".formatted(host2));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("field").asString()).isEqualTo("downtimeTargetMs");
        assertThat(api.get("/api/v1/vms/" + id).body().get("hostId").asString()).isEqualTo(host1);
    }
}
