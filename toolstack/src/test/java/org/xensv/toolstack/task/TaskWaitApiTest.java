package org.xensv.toolstack.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

/**
 * Waiting on a task with one request ({@code GET /api/v1/tasks/{id}?waitSeconds=N}), over real HTTP:
 * it answers when the task finishes (success or cancelled), or with the task still running when the
 * wait is over, and refuses a wait it cannot hold with the field and the reason.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TaskWaitApiTest {

    @LocalServerPort
    int port;

    @Autowired
    TaskWaits waits;

    Api api;
    String host1;
    String host2;
    String vm;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        var hosts = api.get("/api/v1/hosts").body();
        host1 = hosts.get(0).get("id").asString();
        host2 = hosts.get(1).get("id").asString();
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "waited-on-%s", "vcpus": 1, "memoryMiB": 64, "hostId": "%s", "workload": "IDLE",
                 "workloadFillMiB": 32, "workloadWorkingSetMiB": 4, "workloadPagesPerSecond": 100, "start": true}
                """.formatted(UUID.randomUUID().toString().substring(0, 8), host1));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        vm = created.body().get("vm").get("id").asString();
        Await.until("running", () -> api.get("/api/v1/vms/" + vm).body().get("powerState").asString().equals("RUNNING"));
    }

    @AfterEach
    void removeVm() { // this context's hosts are shared with other test classes
        api.post("/api/v1/vms/" + vm + "/hard-shutdown", null);
        Await.until("halted", () -> api.get("/api/v1/vms/" + vm).body().get("powerState").asString().equals("HALTED"));
        api.delete("/api/v1/vms/" + vm);
    }

    @Test
    void aWaitAnswersWhenTheMigrationHasFinishedWithTheVmOnItsDestination() {
        String task = api.post("/api/v1/vms/" + vm + "/migrate", "{\"hostId\": \"%s\"}".formatted(host2)).body().get("id").asString();

        Api.Response done = api.get("/api/v1/tasks/" + task + "?waitSeconds=120");

        assertThat(done.status()).as(done.raw()).isEqualTo(200);
        assertThat(done.body().get("status").asString()).isEqualTo("SUCCESS");
        assertThat(done.body().get("finishedAt").isNull()).isFalse();
        assertThat(api.get("/api/v1/vms/" + vm).body().get("hostId").asString()).isEqualTo(host2);
        assertThat(waits.waiters()).as("no waiter left behind").isZero();
    }

    @Test
    void aWaitThatRunsOutAnswersWithTheTaskStillRunningAndALaterWaitSeesItCancelled() {
        // 32 MiB at 8 Mbit/s: half a minute on the wire, longer than both waits below take
        String task = api.post("/api/v1/vms/" + vm + "/migrate", """
                {"hostId": "%s", "bandwidthMbps": 8}
                """.formatted(host2)).body().get("id").asString();

        Api.Response running = api.get("/api/v1/tasks/" + task + "?waitSeconds=1");
        assertThat(running.status()).as(running.raw()).isEqualTo(200);
        assertThat(running.body().get("status").asString()).isIn("PENDING", "RUNNING");

        Await.until("waiting on the task", () -> api.get("/api/v1/tasks/" + task).body().get("status").asString().equals("RUNNING"));
        var later = java.util.concurrent.CompletableFuture.supplyAsync(() -> api.get("/api/v1/tasks/" + task + "?waitSeconds=120"));
        Await.until("the wait registered", () -> waits.waiters() == 1);
        assertThat(api.post("/api/v1/tasks/" + task + "/cancel", null).status()).isEqualTo(200);

        Api.Response cancelled = later.join();
        assertThat(cancelled.body().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(api.get("/api/v1/vms/" + vm).body().get("hostId").asString()).as("a cancelled migration leaves the VM where it was")
                .isEqualTo(host1);
    }

    @Test
    void aFinishedTaskAnswersAtOnceAndAnUnknownOneIs404() {
        String task = api.post("/api/v1/vms/" + vm + "/pause", null).body().get("id").asString();
        Await.until("paused", () -> api.get("/api/v1/tasks/" + task).body().get("status").asString().equals("SUCCESS"));

        assertThat(api.get("/api/v1/tasks/" + task + "?waitSeconds=300").body().get("status").asString()).isEqualTo("SUCCESS");
        assertThat(api.get("/api/v1/tasks/" + UUID.randomUUID() + "?waitSeconds=5").status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "waitSeconds={0}")
    @CsvSource(delimiter = '|', value = {
            "-1   | must be 0 to 300 seconds",
            "301  | must be 0 to 300 seconds",
            "soon | is not a valid"})
    void aWaitItCannotHoldIsRefusedNamingTheField(String wait, String reason) {
        String task = api.post("/api/v1/vms/" + vm + "/pause", null).body().get("id").asString();

        Api.Response refused = api.get("/api/v1/tasks/" + task + "?waitSeconds=" + wait);

        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.body().get("field").asString()).isEqualTo("waitSeconds");
        assertThat(refused.body().get("detail").asString()).contains(reason);
    }
}
