package org.xensv.toolstack.migration;

import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.task.TaskView;

@RestController
@RequestMapping("/api/v1")
class MigrationController {

    record BulkRequest(List<UUID> vmIds, UUID hostId, Integer concurrency) {
    }

    record MaintenanceRequest(Boolean force, Integer concurrency) {
    }

    private final MigrationService migrations;
    private final MaintenanceService maintenance;

    MigrationController(MigrationService migrations, MaintenanceService maintenance) {
        this.migrations = migrations;
        this.maintenance = maintenance;
    }

    @GetMapping("/vms/{id}/migration-destinations")
    List<DestinationOption> destinations(@PathVariable UUID id) {
        return migrations.destinations(id);
    }

    @PostMapping("/vms/{id}/migration-prediction")
    MigrationPrediction predict(@PathVariable UUID id, @RequestBody MigrateRequest request) {
        return migrations.predict(id, request);
    }

    @PostMapping("/vms/{id}/migrate")
    @ResponseStatus(HttpStatus.ACCEPTED)
    TaskView migrate(@PathVariable UUID id, @RequestBody MigrateRequest request) {
        Access.require(Action.VM_MIGRATE);
        return migrations.migrate(id, request);
    }

    /** The live flight record of a migration task: prediction, progress samples, rounds, report. */
    @GetMapping("/migrations/{taskId}")
    FlightView flight(@PathVariable UUID taskId) {
        return migrations.flight(taskId).orElseThrow(() -> new NotFoundException("migration", taskId));
    }

    @PostMapping("/vms/migrate")
    @ResponseStatus(HttpStatus.ACCEPTED)
    TaskView migrateMany(@RequestBody BulkRequest request) {
        Access.require(Action.VM_MIGRATE);
        return maintenance.migrateMany(request.vmIds(), request.hostId(), request.concurrency());
    }

    @PostMapping("/hosts/{id}/maintenance")
    @ResponseStatus(HttpStatus.ACCEPTED)
    TaskView enterMaintenance(@PathVariable UUID id, @RequestBody(required = false) MaintenanceRequest request) {
        Access.require(Action.HOST_MAINTENANCE);
        MaintenanceRequest r = request == null ? new MaintenanceRequest(false, null) : request;
        return maintenance.enterMaintenance(id, Boolean.TRUE.equals(r.force()), r.concurrency());
    }

    @DeleteMapping("/hosts/{id}/maintenance")
    HostView exitMaintenance(@PathVariable UUID id) {
        Access.require(Action.HOST_MAINTENANCE);
        return maintenance.exitMaintenance(id);
    }

    @GetMapping("/tasks/{taskId}/vms")
    List<EvacuationRow> evacuationRows(@PathVariable UUID taskId) {
        return maintenance.rows(taskId).orElseThrow(() -> new NotFoundException("bulk migration", taskId));
    }

}
