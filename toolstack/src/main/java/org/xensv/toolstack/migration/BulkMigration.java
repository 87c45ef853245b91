package org.xensv.toolstack.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.task.TaskContext;
import org.xensv.toolstack.task.TaskService;
import org.xensv.toolstack.task.TaskStatus;
import org.xensv.toolstack.task.TaskView;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmView;

/**
 * Moves a set of VMs off their hosts, at most {@code concurrency} at a time: running VMs by live
 * migration (each its own task), halted VMs by moving their definition; paused and suspended VMs
 * are reported with the reason they cannot move. Destinations are chosen per VM, counting the
 * memory already promised to VMs in flight.
 */
final class BulkMigration {

    private final VmService vms;
    private final HostService hosts;
    private final MigrationService migrations;
    private final TaskService tasks;

    BulkMigration(VmService vms, HostService hosts, MigrationService migrations, TaskService tasks) {
        this.vms = vms;
        this.hosts = hosts;
        this.migrations = migrations;
        this.tasks = tasks;
    }

    /** Runs the moves; {@code publish} is told every row change. Returns the final rows. */
    List<EvacuationRow> run(List<VmView> toMove, UUID fixedDestination, UUID excludedHost, int concurrency,
                            TaskContext context, Consumer<List<EvacuationRow>> publish) throws InterruptedException {
        List<EvacuationRow> rows = new ArrayList<>();
        for (VmView vm : toMove) {
            rows.add(new EvacuationRow(vm.id(), vm.name(), action(vm), null, EvacuationRow.Status.WAITING, null, null));
        }
        publish.accept(List.copyOf(rows));
        Map<UUID, Long> promised = new ConcurrentHashMap<>();
        Semaphore slots = new Semaphore(Math.max(1, concurrency));
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            int index = i;
            slots.acquire();
            if (context.cancelRequested()) {
                slots.release();
                break;
            }
            workers.add(Thread.ofVirtual().start(() -> {
                try {
                    moveOne(toMove.get(index), index, rows, fixedDestination, excludedHost, promised, publish);
                } finally {
                    slots.release();
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        synchronized (rows) {
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).status() == EvacuationRow.Status.WAITING) {
                    rows.set(i, rows.get(i).with(EvacuationRow.Status.CANNOT_MOVE, "cancelled before it started", null, null));
                }
            }
            return List.copyOf(rows);
        }
    }

    private void moveOne(VmView vm, int index, List<EvacuationRow> rows, UUID fixedDestination, UUID excludedHost,
                         Map<UUID, Long> promised, Consumer<List<EvacuationRow>> publish) {
        VmView now = vms.get(vm.id());
        if (now.powerState() == PowerState.PAUSED || now.powerState() == PowerState.SUSPENDED || now.stateUnknown()) {
            update(rows, index, EvacuationRow.Status.CANNOT_MOVE, cannotMove(now), null, null, publish);
            return;
        }
        HostView destination;
        synchronized (promised) {
            destination = pick(now, fixedDestination, excludedHost, promised);
            if (destination == null) {
                update(rows, index, EvacuationRow.Status.CANNOT_MOVE, "no other host can take it: "
                        + reasons(now, excludedHost), null, null, publish);
                return;
            }
            promised.merge(destination.id(), now.memoryMiB(), Long::sum);
        }
        try {
            if (now.powerState() == PowerState.HALTED) {
                vms.rehome(now.id(), destination.id());
                update(rows, index, EvacuationRow.Status.MOVED, null, null, destination.name(), publish);
                return;
            }
            TaskView task = migrations.migrate(now.id(), MigrateRequest.to(destination.id()));
            update(rows, index, EvacuationRow.Status.MOVING, null, task.id(), destination.name(), publish);
            TaskView done = awaitTask(task.id());
            if (done.status() == TaskStatus.SUCCESS) {
                update(rows, index, EvacuationRow.Status.MOVED, null, task.id(), destination.name(), publish);
            } else {
                update(rows, index, EvacuationRow.Status.FAILED, done.errorMessage(), task.id(), destination.name(), publish);
            }
        } catch (HypervisorException e) {
            update(rows, index, EvacuationRow.Status.FAILED, e.getMessage(), null, destination.name(), publish);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            update(rows, index, EvacuationRow.Status.FAILED, "interrupted", null, destination.name(), publish);
        } finally {
            synchronized (promised) {
                promised.merge(destination.id(), -now.memoryMiB(), Long::sum);
            }
        }
    }

    private HostView pick(VmView vm, UUID fixedDestination, UUID excludedHost, Map<UUID, Long> promised) {
        List<HostView> all = hosts.list().stream()
                .map(h -> h.withFreeMemoryMiB(h.freeMemoryMiB() - promised.getOrDefault(h.id(), 0L)))
                .filter(h -> !h.id().equals(excludedHost))
                .toList();
        return Destinations.of(vm, all).stream()
                .filter(DestinationOption::eligible)
                .filter(d -> fixedDestination == null || d.hostId().equals(fixedDestination))
                .findFirst()
                .flatMap(d -> all.stream().filter(h -> h.id().equals(d.hostId())).findFirst())
                .orElse(null);
    }

    private String reasons(VmView vm, UUID excludedHost) {
        return String.join("; ", Destinations.of(vm, hosts.list()).stream()
                .filter(d -> !d.hostId().equals(excludedHost))
                .map(d -> d.hostName() + " " + (d.eligible() ? "is taken by other VMs in flight" : d.reason()))
                .toList());
    }

    private static String action(VmView vm) {
        return switch (vm.powerState()) {
            case RUNNING -> "live migrate";
            case HALTED -> "move definition";
            case PAUSED, SUSPENDED -> "none";
        };
    }

    private static String cannotMove(VmView vm) {
        if (vm.stateUnknown()) {
            return "its state is unknown: the host is not connected";
        }
        return vm.powerState() == PowerState.PAUSED
                ? "it is paused: unpause it (then it can be migrated) or shut it down"
                : "it is suspended: resume it (then it can be migrated) or shut it down";
    }

    private TaskView awaitTask(UUID taskId) throws InterruptedException {
        while (true) {
            TaskView task = tasks.get(taskId);
            if (task.status().finished()) {
                return task;
            }
            Thread.sleep(100);
        }
    }

    private static void update(List<EvacuationRow> rows, int index, EvacuationRow.Status status, String reason, UUID taskId,
                               String destination, Consumer<List<EvacuationRow>> publish) {
        // Published under the lock: two workers publishing outside it could let an older snapshot
        // overwrite a newer one, and the last published rows would then not be the final ones.
        synchronized (rows) {
            EvacuationRow old = rows.get(index);
            rows.set(index, old.with(status, reason, taskId != null ? taskId : old.taskId(),
                    destination != null ? destination : old.destination()));
            publish.accept(List.copyOf(rows));
        }
    }
}
