package org.xensv.toolstack.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.xensv.toolstack.task.TaskStatus;
import org.xensv.toolstack.task.TaskView;

class TaskSummaryTest {

    @Test
    void aFinishedMigrationReadsAsItsFlightReport() {
        String json = """
                {"vm":"web1","source":"host-a","destination":"host-b","phase":"COMPLETED","rounds":[],
                 "report":{"mode":"PRE_COPY","totalTimeMs":4660.2,"downtimeMs":16.74,"bytesOnWire":578813952,"rounds":5,"verifyMs":32.0}}
                """;
        assertThat(TaskSummary.of(task(json)))
                .isEqualTo("pre-copy to host-b, downtime 16.7 ms, 4.66 s, 552 MiB, 5 rounds, memory checksum verified");
    }

    @Test
    void garbageCollectionPausesDuringAMigrationAreNamed() {
        String json = """
                {"vm":"db1","source":"host-a","destination":"host-b","phase":"COMPLETED","rounds":[],
                 "report":{"mode":"PRE_COPY","totalTimeMs":5000,"downtimeMs":538,"bytesOnWire":578813952,"rounds":2,"gcPauseMs":1116.0}}
                """;
        assertThat(TaskSummary.of(task(json))).isEqualTo("pre-copy to host-b, downtime 538.0 ms, 5.00 s, 552 MiB, 2 rounds, GC pauses 1116 ms");
    }

    @Test
    void aRunningMigrationReadsAsItsPhase() {
        assertThat(TaskSummary.of(task("{\"vm\":\"web1\",\"phase\":\"STOP_AND_COPY\",\"rounds\":[]}"))).isEqualTo("stop and copy…");
    }

    @Test
    void anEvacuationReadsAsCountsPerOutcome() {
        String json = """
                [{"vmId":"%s","vm":"a","action":"migrate","destination":"h2","status":"MOVED","reason":null,"taskId":null},
                 {"vmId":"%s","vm":"b","action":"migrate","destination":"h2","status":"MOVED","reason":null,"taskId":null},
                 {"vmId":"%s","vm":"c","action":"migrate","destination":null,"status":"CANNOT_MOVE","reason":"no host has 8 GiB free","taskId":null}]
                """.formatted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        assertThat(TaskSummary.of(task(json))).isEqualTo("3 VMs: 2 moved, 1 cannot move");
    }

    @Test
    void anyOtherResultIsShownAsItIs() {
        assertThat(TaskSummary.of(task("halted after 3 s"))).isEqualTo("halted after 3 s");
        assertThat(TaskSummary.of(task("{not json"))).isEqualTo("{not json");
        assertThat(TaskSummary.of(task(null))).isEmpty();
    }

    private static TaskView task(String result) {
        return new TaskView(UUID.randomUUID(), "Migrate", "migrate", "vm", UUID.randomUUID(), "web1", TaskStatus.SUCCESS, 1, false,
                null, null, result, Instant.now(), Instant.now(), Instant.now(), "alice");
    }
}
