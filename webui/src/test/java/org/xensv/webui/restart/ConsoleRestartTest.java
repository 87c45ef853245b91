package org.xensv.webui.restart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The console as an admin runs it, in its own process on its own data directory: stopped cleanly
 * (SIGTERM) and started again, then killed (SIGKILL) and started again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleRestartTest {

    private static final String[] WORKLOADS = {"IDLE", "WEB", "DATABASE", "STREAMER"};

    private Path dataDir;
    private ConsoleProcess console;
    private int passed;

    @BeforeAll
    void startConsole() throws IOException {
        dataDir = Files.createTempDirectory("xensv-restart-");
        console = new ConsoleProcess(dataDir);
        console.start();
    }

    @AfterAll
    void killConsoleAndCleanUp() throws IOException {
        if (console != null) {
            console.killQuietly();
        }
        if (passed == 3) { // on a failure the data directory stays, with the console's logs
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void runningAndPausedVmsOfEveryWorkloadComeBackAsTheyWereWithTheirMemoryAfterACleanStop() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, Long> pausedPages = new LinkedHashMap<>();
        for (String workload : WORKLOADS) {
            String running = createStarted("run-" + workload.toLowerCase(), workload);
            expected.put(running, "RUNNING");
            String paused = createStarted("paused-" + workload.toLowerCase(), workload);
            finished(console.post("/vms/" + paused + "/pause", null, 202));
            expected.put(paused, "PAUSED");
        }
        for (String paused : ids(expected, "PAUSED")) {
            pausedPages.put(paused, memoryCheckPasses(paused).path("validPages").asLong());
        }

        console.stopCleanly();
        assertThat(Files.readString(console.log())).contains("suspended 8 VMs for the console's stop");
        console.start();

        for (var vm : expected.entrySet()) {
            JsonNode view = ConsoleProcess.awaitValue(vm.getKey() + " back " + vm.getValue(), () -> {
                JsonNode v = console.get("/vms/" + vm.getKey());
                return v.path("powerState").asString().equals(vm.getValue()) && v.path("currentOperation").isNull() ? v : null;
            });
            assertThat(view.path("lastEvent").asString()).contains("Resumed when the console started again");
            JsonNode resume = task(vm.getKey(), "RESUME");
            assertThat(resume.path("status").asString()).isEqualTo("SUCCESS");
            JsonNode check = memoryCheckPasses(vm.getKey());
            assertThat(check.path("validPages").asLong()).isPositive();
        }
        for (var paused : pausedPages.entrySet()) {
            assertThat(memoryCheckPasses(paused.getKey()).path("validPages").asLong())
                    .as("a paused VM's pages: it did not run across the restart").isEqualTo(paused.getValue());
        }
        passed++;
    }

    @Test
    @Order(2)
    void aVmRunningWhenTheConsoleIsKilledComesBackHaltedAndTheVmAndTheTaskListSayWhy() throws Exception {
        String vm = createStarted("killed-web", "WEB");

        console.kill();
        console.start();

        JsonNode view = ConsoleProcess.awaitValue("killed-web recovered", () -> {
            JsonNode v = console.get("/vms/" + vm);
            return v.path("lastEvent").asString().contains("halted") ? v : null;
        });
        assertThat(view.path("powerState").asString()).isEqualTo("HALTED");
        assertThat(view.path("lastEvent").asString()).contains("was running").contains("killed or crashed");
        JsonNode recover = task(vm, "RECOVER");
        assertThat(recover.path("status").asString()).isEqualTo("FAILURE");
        assertThat(recover.path("errorCode").asString()).isEqualTo("VM_LOST_IN_UNCLEAN_STOP");
        assertThat(recover.path("errorMessage").asString()).contains("killed-web").contains("halted");
        assertThat(recover.path("name").asString()).isEqualTo("Recover VM after an unclean stop");
        passed++;
    }

    @Test
    @Order(3)
    void aMigrationInFlightWhenTheConsoleIsKilledEndsFailedWithTheRestartAsItsReason() throws Exception {
        String vm = createStarted("killed-mid-flight", "IDLE");
        JsonNode hosts = console.get("/hosts");
        String destination = hosts.size() > 1 ? hosts.get(1).path("id").asString()
                : console.post("/hosts", "{\"poolId\":\"" + hosts.get(0).path("poolId").asString()
                        + "\",\"name\":\"restart-dest\",\"uri\":\"embedded://restart-dest\"}", 201).path("id").asString();
        JsonNode migration = console.post("/vms/" + vm + "/migrate",
                "{\"hostId\":\"" + destination + "\",\"live\":true,\"bandwidthMbps\":1}", 202);
        String taskId = migration.path("id").asString();
        ConsoleProcess.awaitValue("the migration runs", () -> {
            JsonNode t = console.get("/tasks/" + taskId);
            return t.path("status").asString().equals("RUNNING") && t.path("progress").asDouble() > 0 ? t : null;
        });

        console.kill();
        console.start();

        JsonNode task = console.get("/tasks/" + taskId);
        assertThat(task.path("status").asString()).isEqualTo("FAILURE");
        assertThat(task.path("errorCode").asString()).isEqualTo("INTERRUPTED");
        assertThat(task.path("errorMessage").asString()).startsWith("Interrupted by a restart of the console at ");
        assertThat(StreamSupport.stream(console.get("/tasks?limit=1000").spliterator(), false)
                .filter(t -> t.path("status").asString().equals("PENDING") || t.path("status").asString().equals("RUNNING"))
                .filter(t -> t.path("createdAt").asString().compareTo(task.path("finishedAt").asString()) < 0))
                .as("tasks of the killed console left pending or running").isEmpty();
        JsonNode view = ConsoleProcess.awaitValue("killed-mid-flight recovered", () -> {
            JsonNode v = console.get("/vms/" + vm);
            return v.path("currentOperation").isNull() && v.path("lastEvent").asString().contains("halted") ? v : null;
        });
        assertThat(view.path("powerState").asString()).isEqualTo("HALTED");
        passed++;
    }

    private String createStarted(String name, String workload) {
        JsonNode created = console.post("/vms", "{\"name\":\"" + name + "\",\"vcpus\":1,\"memoryMiB\":64,\"type\":\"PV\","
                + "\"workload\":\"" + workload + "\",\"workloadFillMiB\":4,\"workloadWorkingSetMiB\":2,"
                + "\"workloadPagesPerSecond\":500,\"start\":true}", 201);
        JsonNode start = finished(created.path("startTask"));
        assertThat(start.path("status").asString()).as("start of " + name + ": " + start).isEqualTo("SUCCESS");
        return created.path("vm").path("id").asString();
    }

    private JsonNode finished(JsonNode task) {
        String id = task.path("id").asString();
        JsonNode done = ConsoleProcess.awaitValue("task " + id + " finishes", () -> {
            JsonNode t = console.get("/tasks/" + id);
            String status = t.path("status").asString();
            return status.equals("PENDING") || status.equals("RUNNING") ? null : t;
        });
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCESS");
        return done;
    }

    private JsonNode memoryCheckPasses(String vm) {
        JsonNode check = console.get("/vms/" + vm + "/memory-check");
        assertThat(check.path("failures").isEmpty()).as(check.toString()).isTrue();
        assertThat(check.path("ok").asBoolean()).isTrue();
        return check;
    }

    /** The VM's newest task of this operation, once it has finished. */
    private JsonNode task(String vm, String operation) {
        return ConsoleProcess.awaitValue(operation + " task of " + vm, () ->
                StreamSupport.stream(console.get("/tasks?limit=500").spliterator(), false)
                        .filter(t -> t.path("objectId").asString().equals(vm) && t.path("operation").asString().equals(operation))
                        .filter(t -> !t.path("status").asString().equals("PENDING") && !t.path("status").asString().equals("RUNNING"))
                        .findFirst().orElse(null));
    }

    private static Iterable<String> ids(Map<String, String> states, String state) {
        return states.entrySet().stream().filter(e -> e.getValue().equals(state)).map(Map.Entry::getKey).toList();
    }
}
