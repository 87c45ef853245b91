package org.xensv.toolstack.migration;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.migration.MigrationPhase;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.support.Await;
import org.xensv.toolstack.task.TaskService.Subject;
import org.xensv.toolstack.task.TaskStatus;
import org.xensv.toolstack.task.TaskView;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmSpec;
import org.xensv.toolstack.vm.VmView;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finished flights and evacuation rows outlive a restart: read back through fresh service
 * instances ({@link AfterRestart}) they equal what the running toolstack showed. Its own context
 * (own database and hosts), since it evacuates a host.
 */
@SpringBootTest(properties = "xensv.embedded.pool-name=Flight history pool")
class FlightHistoryTest extends MigrationTestContext {

    @Autowired
    ApplicationContext context;
    @Autowired
    FlightHistory history;

    /** A small guest: 96 MiB, 32 MiB of it written, idle. */
    private VmView running(String name, HostView host) {
        VmService.Created created = vms.create(new VmSpec(name, null, "PV", 1, 96L, host.id(), "IDLE", 32L, null, null,
                7L, null, null, null, true));
        assertThat(finished(created.startTask()).status()).isEqualTo(TaskStatus.SUCCESS);
        return vms.get(created.vm().id());
    }

    @Test
    void aFinishedFlightReadsBackFromTheDatabaseAsItWas() {
        VmView vm = running("hist-idle", first());

        TaskView task = finished(migrations.migrate(vm.id(), MigrateRequest.to(second().id())));
        assertThat(task.status()).as(task.errorMessage()).isEqualTo(TaskStatus.SUCCESS);
        FlightView live = migrations.flight(task.id()).orElseThrow();

        MigrationService restarted = AfterRestart.migrations(context);
        FlightView stored = restarted.flight(task.id()).orElseThrow();

        assertThat(stored).isEqualTo(live);
        assertThat(stored.phase()).isEqualTo(MigrationPhase.COMPLETED);
        assertThat(stored.rounds()).isNotEmpty().isEqualTo(live.report().roundReports());
        assertThat(stored.report().downtime()).isEqualTo(live.report().downtime()).isPositive();
        assertThat(stored.report().bytesOnWire()).isEqualTo(live.report().bytesOnWire()).isPositive();
        assertThat(stored.report().memoryChecksum()).isEqualTo(live.report().memoryChecksum());
        assertThat(stored.prediction()).isNotNull().isEqualTo(live.prediction());
        assertThat(stored.report().prediction()).isEqualTo(live.report().prediction());
        assertThat(stored.samples()).isNotEmpty();
        assertThat(stored.startedAt()).isNotNull().isBeforeOrEqualTo(stored.finishedAt());
        assertThat(AfterRestart.migrations(context).latestFlightOf(vm.id())).contains(live);
    }

    @Test
    void aCancelledFlightIsStoredWithItsErrorAndNoReport() {
        VmView vm = running("hist-cancel", first());
        TaskView task = migrations.migrate(vm.id(), new MigrateRequest(second().id(), true, 1L, null, false, null));
        Await.until("migration is copying", () -> migrations.flight(task.id()).map(f -> f.samples().size() > 1).orElse(false));

        tasks.cancel(task.id());

        assertThat(finished(task).status()).isEqualTo(TaskStatus.CANCELLED);
        FlightView stored = AfterRestart.migrations(context).latestFlightOf(vm.id()).orElseThrow();
        assertThat(stored.taskId()).isEqualTo(task.id());
        assertThat(stored.phase()).isEqualTo(MigrationPhase.CANCELLED);
        assertThat(stored.report()).isNull();
        assertThat(stored.error()).isNotBlank();
        assertThat(stored.prediction()).isNotNull();
        assertThat(stored).isEqualTo(migrations.flight(task.id()).orElseThrow());
    }

    @Test
    void onlyTheNewestFlightsOfAVmAreKeptAndTheyGoWithTheVm() {
        VmService.Created created = vms.create(VmSpec.of("hist-many", 1, 64, first().id(), false));
        UUID vmId = created.vm().id();
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        List<UUID> taskIds = new ArrayList<>();
        for (int i = 0; i < FlightHistory.KEEP_PER_VM + 2; i++) {
            UUID taskId = tasks.record("Migrate VM", new Subject("MIGRATE", ObjectType.VM, vmId, "hist-many"), null).id();
            taskIds.add(taskId);
            Instant at = start.plus(i, ChronoUnit.MINUTES);
            history.record(new FlightView(taskId, vmId, "hist-many", "a", "b", MigrationPhase.FAILED, null, List.of(),
                    List.of(), null, "flight " + i, at, at.plusSeconds(1)));
        }

        assertThat(history.find(taskIds.get(0))).isEmpty();
        assertThat(history.find(taskIds.get(1))).isEmpty();
        assertThat(history.find(taskIds.get(2))).map(FlightView::error).contains("flight 2");
        assertThat(history.latestOf(vmId)).map(FlightView::taskId).contains(taskIds.getLast());

        finished(vms.perform(vmId, Operation.DESTROY));
        assertThat(history.latestOf(vmId)).isEmpty();
    }

    @Test
    void longSampleSeriesAreThinnedEvenlyKeepingBothEnds() {
        List<FlightView.Sample> samples = IntStream.range(0, 2000)
                .mapToObj(i -> new FlightView.Sample(i / 10.0, i, 2000 - i, 0, 0, 0)).toList();

        List<FlightView.Sample> thinned = FlightHistory.thin(samples, 500);

        assertThat(thinned).hasSize(500);
        assertThat(thinned.getFirst()).isEqualTo(samples.getFirst());
        assertThat(thinned.getLast()).isEqualTo(samples.getLast());
        assertThat(FlightHistory.thin(samples.subList(0, 10), 500)).isEqualTo(samples.subList(0, 10));
    }

    @Test
    void evacuationRowsAreReadFromTheTaskOnceItHasFinished() {
        HostView source = second();
        VmService.Created a = vms.create(VmSpec.of("hist-evac-a", 1, 64, source.id(), false));
        VmService.Created b = vms.create(VmSpec.of("hist-evac-b", 1, 64, source.id(), false));

        TaskView task = finished(maintenance.enterMaintenance(source.id(), false, null));

        assertThat(task.status()).as(task.errorMessage()).isEqualTo(TaskStatus.SUCCESS);
        List<EvacuationRow> rows = AfterRestart.maintenance(context).rows(task.id()).orElseThrow();
        assertThat(rows).extracting(EvacuationRow::vmId).contains(a.vm().id(), b.vm().id());
        assertThat(rows).allMatch(r -> r.status() == EvacuationRow.Status.MOVED && r.destination() != null);
        assertThat(maintenance.rows(task.id())).contains(rows);
    }

    @Test
    void theRowsOfAFailedEvacuationSayWhichVmDidNotMove() {
        HostView source = second();
        VmView paused = running("hist-evac-paused", source);
        finished(vms.perform(paused.id(), Operation.PAUSE));

        TaskView task = finished(maintenance.enterMaintenance(source.id(), false, null));

        assertThat(task.status()).isEqualTo(TaskStatus.FAILURE);
        assertThat(AfterRestart.maintenance(context).rows(task.id()).orElseThrow())
                .filteredOn(r -> r.vmId().equals(paused.id())).singleElement()
                .satisfies(r -> {
                    assertThat(r.status()).isEqualTo(EvacuationRow.Status.CANNOT_MOVE);
                    assertThat(r.reason()).contains("paused");
                });
        finished(vms.perform(paused.id(), Operation.HARD_SHUTDOWN));
    }

    @Test
    void onlyEvacuationsAndBulkMovesHaveRows() {
        assertThat(maintenance.rows(UUID.randomUUID())).isEmpty();
        TaskView other = tasks.record("Something else", new Subject("CREATE", ObjectType.VM, null, "x"), "[]");
        assertThat(maintenance.rows(other.id())).isEmpty();
    }
}
