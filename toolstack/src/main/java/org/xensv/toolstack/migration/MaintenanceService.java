package org.xensv.toolstack.migration;

import org.xensv.toolstack.audit.Audited;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.task.TaskContext;
import org.xensv.toolstack.task.TaskOutcome;
import org.xensv.toolstack.task.TaskService;
import org.xensv.toolstack.task.TaskService.Subject;
import org.xensv.toolstack.task.TaskView;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmView;

import tools.jackson.core.JacksonException;

/**
 * Maintenance mode and bulk moves. Entering maintenance closes the host to new VMs and evacuates
 * it, at most N migrations at a time (default 2); if a VM cannot move, the host is taken out of
 * maintenance again and the task says which VM and why, unless the admin forced it. The per-VM rows
 * are kept in memory while the task runs and then only in its result, whether it succeeded or not.
 */
@Service
public class MaintenanceService {

    public static final int DEFAULT_CONCURRENCY = 2;
    private static final Logger log = LoggerFactory.getLogger(MaintenanceService.class);
    private static final Set<String> BULK_OPERATIONS = Set.of("EVACUATE", "MIGRATE_MANY");

    private final HostService hosts;
    private final VmService vms;
    private final TaskService tasks;
    private final BulkMigration bulk;
    private final Map<UUID, List<EvacuationRow>> progress = new ConcurrentHashMap<>();

    MaintenanceService(HostService hosts, VmService vms, TaskService tasks, MigrationService migrations) {
        this.hosts = hosts;
        this.vms = vms;
        this.tasks = tasks;
        this.bulk = new BulkMigration(vms, hosts, migrations, tasks);
    }

    /** Per-VM progress of an evacuation or bulk-migration task: live while it runs, then from its result. */
    public Optional<List<EvacuationRow>> rows(UUID taskId) {
        List<EvacuationRow> live = progress.get(taskId);
        if (live != null) {
            return Optional.of(live);
        }
        TaskView task;
        try {
            task = tasks.get(taskId);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        if (!BULK_OPERATIONS.contains(task.operation()) || task.result() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(FlightJson.rows(task.result()));
        } catch (JacksonException e) {
            // a result cut at the task's length limit (hundreds of VMs) no longer parses
            log.debug("task {}: its result holds no readable rows", taskId, e);
            return Optional.empty();
        }
    }

    @Audited("host.enter-maintenance")
    public TaskView enterMaintenance(UUID hostId, boolean force, Integer concurrency) {
        HostView host = hosts.get(hostId);
        int limit = limit(concurrency);
        if (!hosts.claimMaintenance(hostId)) {
            throw new ConflictException("HOST_IN_MAINTENANCE", Map.of("host", host.name()),
                    "Host '" + host.name() + "' is already in maintenance mode.");
        }
        List<VmView> onHost = vms.onHost(hostId);
        Subject subject = new Subject("EVACUATE", ObjectType.HOST, hostId, host.name());
        try {
            return tasks.submit("Enter maintenance mode (evacuate " + onHost.size() + " VMs)", subject, true,
                    context -> {
                        List<EvacuationRow> rows = run(onHost, null, hostId, limit, context);
                        List<EvacuationRow> stuck = rows.stream().filter(r -> r.status() != EvacuationRow.Status.MOVED).toList();
                        if (!stuck.isEmpty() && !force) {
                            throw new ConflictException("HOST_NOT_EVACUATED", Map.of("host", host.name(), "vms", stuck.size()),
                                    "Host '" + host.name() + "' stays out of maintenance: " + describe(stuck)
                                            + ". Resolve these, or force maintenance mode.");
                        }
                        return FlightJson.list(rows);
                    },
                    new TaskOutcome() {
                        @Override
                        public void succeeded() {
                        }

                        @Override
                        public void failed(Throwable cause) {
                            if (!force) {
                                hosts.setMaintenance(hostId, false);
                            }
                        }
                    });
        } catch (RuntimeException e) {
            hosts.setMaintenance(hostId, false);
            throw e;
        }
    }

    /**
     * Takes the host out of maintenance mode. Refused while its evacuation runs: an admin leaving
     * maintenance mode while another empties the host would race the evacuation's own ending (which
     * leaves the mode on success and clears it on failure). Cancel the evacuation first.
     */
    @Audited("host.exit-maintenance")
    public HostView exitMaintenance(UUID hostId) {
        HostView host = hosts.get(hostId);
        tasks.forObject(hostId, 20).stream()
                .filter(t -> "EVACUATE".equals(t.operation()) && !t.status().finished())
                .findFirst()
                .ifPresent(t -> {
                    throw new ConflictException("EVACUATION_IN_PROGRESS", Map.of("host", host.name(), "task", t.id()),
                            "Host '" + host.name() + "' is being evacuated (task " + t.id()
                                    + "): cancel that task, or wait for it, before leaving maintenance mode.");
                });
        return hosts.setMaintenance(hostId, false);
    }

    /** Migrates the given VMs (to one host, or each to the best host), N at a time, as one task. */
    @Audited("vm.migrate-many")
    public TaskView migrateMany(List<UUID> vmIds, UUID hostId, Integer concurrency) {
        if (vmIds == null || vmIds.isEmpty()) {
            throw new InvalidValueException("vmIds", "[]", "must name at least one VM");
        }
        int limit = limit(concurrency);
        List<VmView> selected = new ArrayList<>();
        for (UUID id : vmIds) {
            selected.add(vms.get(id));
        }
        if (hostId != null) {
            hosts.get(hostId);
        }
        Subject subject = new Subject("MIGRATE_MANY", ObjectType.VM, null, selected.size() + " VMs");
        return tasks.submit("Migrate " + selected.size() + " VMs", subject, true,
                context -> {
                    List<EvacuationRow> rows = run(selected, hostId, null, limit, context);
                    List<EvacuationRow> stuck = rows.stream().filter(r -> r.status() != EvacuationRow.Status.MOVED).toList();
                    if (!stuck.isEmpty()) {
                        throw new ConflictException("NOT_ALL_MIGRATED", Map.of("vms", stuck.size()),
                                (rows.size() - stuck.size()) + " of " + rows.size() + " VMs moved; " + describe(stuck) + ".");
                    }
                    return FlightJson.list(rows);
                },
                new TaskOutcome() {
                    @Override
                    public void succeeded() {
                    }

                    @Override
                    public void failed(Throwable cause) {
                    }
                });
    }

    private List<EvacuationRow> run(List<VmView> toMove, UUID destination, UUID excluded, int limit, TaskContext context)
            throws InterruptedException {
        UUID taskId = context.taskId();
        try {
            List<EvacuationRow> finalRows = bulk.run(toMove, destination, excluded, limit, context, rows -> {
                progress.put(taskId, rows);
                long done = rows.stream().filter(r -> r.status() != EvacuationRow.Status.WAITING
                        && r.status() != EvacuationRow.Status.MOVING).count();
                context.progress(rows.isEmpty() ? 1.0 : (double) done / rows.size());
            });
            progress.put(taskId, finalRows);
            // saved now, before the task settles (also when it then fails): from here on the task holds the rows
            context.result(FlightJson.list(finalRows));
            return finalRows;
        } finally {
            progress.remove(taskId);
        }
    }

    private static String describe(List<EvacuationRow> stuck) {
        return String.join("; ", stuck.stream().map(r -> "VM '" + r.vm() + "' did not move: " + r.reason()).toList());
    }

    private static int limit(Integer concurrency) {
        int value = concurrency == null ? DEFAULT_CONCURRENCY : concurrency;
        if (value < 1 || value > 16) {
            throw new InvalidValueException("concurrency", value, "must be between 1 and 16");
        }
        return value;
    }
}
