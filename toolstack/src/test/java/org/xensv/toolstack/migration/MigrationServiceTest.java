package org.xensv.toolstack.migration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.xensv.hypervisor.api.BadPowerStateException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.NoSuchDomainException;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.PowerState;
import org.springframework.beans.factory.annotation.Autowired;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.metrics.MetricsService;
import org.xensv.toolstack.support.Await;
import org.xensv.toolstack.task.TaskStatus;
import org.xensv.toolstack.task.TaskView;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmSpec;
import org.xensv.toolstack.vm.VmView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Its own context (own database and hosts): evacuation needs hosts no other test has filled. */
@SpringBootTest(properties = "xensv.embedded.pool-name=Migration pool")
class MigrationServiceTest extends MigrationTestContext {

    @Autowired
    MetricsService metrics;

    private VmView running(String name, HostView host, String workload) {
        VmService.Created created = vms.create(new VmSpec(name, null, "PV", 1, 96L, host.id(), workload, 64L, 16L, 2000L,
                7L, null, null, null, true));
        assertThat(finished(created.startTask()).status()).isEqualTo(TaskStatus.SUCCESS);
        return vms.get(created.vm().id());
    }

    @Test
    void aRunningVmMovesToTheDestinationWithAFlightReport() {
        VmView vm = running("mig-web", first(), "WEB");

        TaskView task = finished(migrations.migrate(vm.id(), MigrateRequest.to(second().id())));

        assertThat(task.status()).as(task.errorMessage()).isEqualTo(TaskStatus.SUCCESS);
        VmView after = vms.get(vm.id());
        assertThat(after.hostId()).isEqualTo(second().id());
        assertThat(after.powerState()).isEqualTo(PowerState.RUNNING);
        assertThat(hosts.connection(second().id()).lifecycle().info(vm.id()).powerState()).isEqualTo(PowerState.RUNNING);
        assertThatThrownBy(() -> hosts.connection(first().id()).lifecycle().info(vm.id())).isInstanceOf(NoSuchDomainException.class);
        FlightView flight = migrations.flight(task.id()).orElseThrow();
        assertThat(flight.report()).isNotNull();
        assertThat(flight.prediction()).isNotNull();
        assertThat(flight.rounds()).isNotEmpty();
        assertThat(task.result()).contains("\"report\"").contains("\"downtimeMs\"").contains("\"prediction\"");
    }

    @Test
    void aMovedVmsSamplesGoOnFromItsNewHostWithoutAFalseDrop() {
        VmView vm = running("mig-busy", first(), "CPU_BURN");
        Await.until("samples on the source", () -> metrics.vm(vm.id()).size() >= 2);

        TaskView task = finished(migrations.migrate(vm.id(), MigrateRequest.to(second().id())));
        assertThat(task.status()).as(task.errorMessage()).isEqualTo(TaskStatus.SUCCESS);
        Instant moved = Instant.now();
        Await.until("two samples on the destination",
                () -> metrics.vm(vm.id()).stream().filter(p -> p.at().isAfter(moved)).count() >= 2);

        // The destination's counters start afresh: a rate against the source's last counters would be a false zero.
        assertThat(metrics.vm(vm.id())).allSatisfy(p -> assertThat(p.cpuPercent()).as(p.toString()).isPositive());
    }

    @Test
    void aHostInMaintenanceIsNotOfferedAndIsRefusedWithTheReason() {
        VmView vm = running("mig-refused", first(), "IDLE");
        hosts.setMaintenance(second().id(), true);

        List<DestinationOption> options = migrations.destinations(vm.id());
        assertThat(options).singleElement().satisfies(o -> {
            assertThat(o.eligible()).isFalse();
            assertThat(o.reason()).contains("maintenance");
        });
        assertThatThrownBy(() -> migrations.migrate(vm.id(), MigrateRequest.to(second().id())))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("hostId"))
                .hasMessageContaining("maintenance");
        assertThat(vms.get(vm.id()).hostId()).isEqualTo(first().id());
        assertThat(vms.get(vm.id()).currentOperation()).isNull();
    }

    @Test
    void aHaltedVmCannotBeMigrated() {
        VmService.Created created = vms.create(VmSpec.of("mig-halted", 1, 64, first().id(), false));

        assertThatThrownBy(() -> migrations.migrate(created.vm().id(), MigrateRequest.to(second().id())))
                .isInstanceOf(BadPowerStateException.class).hasMessageContaining("mig-halted");
    }

    @Test
    void cancellingLeavesTheVmRunningOnItsSource() {
        VmView vm = running("mig-cancel", first(), "IDLE");
        TaskView task = migrations.migrate(vm.id(), new MigrateRequest(second().id(), true, 1L, null, false, null));
        Await.until("migration is copying", () -> migrations.flight(task.id())
                .map(f -> f.samples().size() > 1).orElse(false));

        tasks.cancel(task.id());

        assertThat(finished(task).status()).isEqualTo(TaskStatus.CANCELLED);
        VmView after = vms.get(vm.id());
        assertThat(after.hostId()).isEqualTo(first().id());
        assertThat(after.powerState()).isEqualTo(PowerState.RUNNING);
        assertThatThrownBy(() -> hosts.connection(second().id()).lifecycle().info(vm.id())).isInstanceOf(NoSuchDomainException.class);
    }

    @Test
    void maintenanceModeEvacuatesEveryVmAndClosesTheHost() {
        HostView source = second();
        VmView a = running("evac-a", source, "IDLE");
        VmView b = running("evac-b", source, "WEB");
        VmService.Created halted = vms.create(VmSpec.of("evac-halted", 1, 64, source.id(), false));

        TaskView task = finished(maintenance.enterMaintenance(source.id(), false, null));

        assertThat(task.status()).as(task.errorMessage()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(hosts.get(source.id()).maintenance()).isTrue();
        for (UUID id : List.of(a.id(), b.id(), halted.vm().id())) {
            assertThat(vms.get(id).hostId()).isNotEqualTo(source.id());
        }
        assertThat(vms.get(a.id()).powerState()).isEqualTo(PowerState.RUNNING);
        assertThat(maintenance.rows(task.id()).orElseThrow()).allMatch(r -> r.status() == EvacuationRow.Status.MOVED);
    }

    @Test
    void aVmThatCannotMoveKeepsTheHostOutOfMaintenanceWithTheReason() {
        HostView source = second();
        VmView paused = running("evac-paused", source, "IDLE");
        finished(vms.perform(paused.id(), Operation.PAUSE));

        TaskView task = finished(maintenance.enterMaintenance(source.id(), false, null));

        assertThat(task.status()).isEqualTo(TaskStatus.FAILURE);
        assertThat(task.errorMessage()).contains("evac-paused").contains("paused");
        assertThat(hosts.get(source.id()).maintenance()).isFalse();
        assertThat(vms.get(paused.id()).hostId()).isEqualTo(source.id());
        finished(vms.perform(paused.id(), Operation.HARD_SHUTDOWN));
    }
}
