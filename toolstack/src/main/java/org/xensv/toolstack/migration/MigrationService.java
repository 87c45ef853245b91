package org.xensv.toolstack.migration;

import org.xensv.toolstack.audit.Audited;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.migration.MigrationFailedException;
import org.xensv.hypervisor.migration.MigrationHandle;
import org.xensv.hypervisor.migration.MigrationOptions;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.Migration;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.monitoring.MigrationMeters;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.task.TaskCancelledException;
import org.xensv.toolstack.task.TaskContext;
import org.xensv.toolstack.task.TaskView;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmView;

/**
 * Live migration of a VM between hosts of a pool, as a cancellable task: destinations with the
 * reason each other host is not offered, a prediction before it starts, a live flight record while
 * it runs, and the report (beside the prediction) as the task's result. Flights are kept in memory
 * while they run and stored in the {@link FlightHistory} once they finish; the newest ones stay in
 * memory too, so the console's refreshes do not read them back again and again.
 */
@Service
public class MigrationService {

    private static final Logger log = LoggerFactory.getLogger(MigrationService.class);
    private static final int KEEP_FLIGHTS = 200;

    private final VmService vms;
    private final HostService hosts;
    private final FlightHistory history;
    private final MigrationMeters meters;
    private final Map<UUID, Flight> flights = new ConcurrentHashMap<>();
    private final Map<UUID, UUID> latestFlightOfVm = new ConcurrentHashMap<>();

    MigrationService(VmService vms, HostService hosts, FlightHistory history, MigrationMeters meters) {
        this.vms = vms;
        this.hosts = hosts;
        this.history = history;
        this.meters = meters;
    }

    /** Every other host, eligible ones first, each ineligible one with its reason. */
    public List<DestinationOption> destinations(UUID vmId) {
        return Destinations.of(vms.get(vmId), hosts.list());
    }

    /** What the pre-copy model predicts from the VM's measured dirty rate, non-zero memory and the link. */
    public MigrationPrediction predict(UUID vmId, MigrateRequest request) {
        VmView vm = vms.get(vmId);
        MigrationOptions options = request.toOptions();
        return hosts.connection(vm.hostId()).require(Migration.class, "live migration").predict(vmId, options);
    }

    /** Starts moving a running VM; refused at once (nothing changes) if the VM or the destination can't. */
    @Audited("vm.migrate")
    public TaskView migrate(UUID vmId, MigrateRequest request) {
        VmView vm = vms.get(vmId);
        vms.check(vmId, org.xensv.hypervisor.api.Operation.MIGRATE);
        HostView destination = eligibleDestination(vm, request.hostId());
        MigrationOptions options = request.toOptions();
        String title = (options.live() ? "Migrate VM" : "Move VM (stop and copy)") + " to " + destination.name();
        return vms.move(vmId, destination.id(), title,
                (before, source, target, context) -> run(before, source, target, destination.name(), options, context));
    }

    /** The flight record of a migration task, while it runs and after (also after a restart). */
    public Optional<FlightView> flight(UUID taskId) {
        Flight flight = flights.get(taskId);
        if (flight != null) {
            return Optional.of(flight.view());
        }
        return history.find(taskId).map(stored -> {
            remember(Flight.restored(stored));
            return stored;
        });
    }

    /** The most recent migration of a VM: the one in flight, or the last one stored. */
    public Optional<FlightView> latestFlightOf(UUID vmId) {
        UUID taskId = latestFlightOfVm.get(vmId);
        Optional<FlightView> latest = taskId == null ? Optional.empty() : flight(taskId);
        if (latest.isPresent()) {
            return latest;
        }
        return history.latestOf(vmId).map(stored -> {
            remember(Flight.restored(stored));
            latestFlightOfVm.putIfAbsent(vmId, stored.taskId());
            return stored;
        });
    }

    HostView eligibleDestination(VmView vm, UUID hostId) {
        if (hostId == null) {
            throw new InvalidValueException("hostId", null, "is required: pick the destination host");
        }
        DestinationOption option = destinations(vm.id()).stream().filter(d -> d.hostId().equals(hostId)).findFirst()
                .orElseThrow(() -> vm.hostId().equals(hostId)
                        ? new InvalidValueException("hostId", hostId, "is the host the VM already runs on; pick another")
                        : new InvalidValueException("hostId", hostId, "must name a host of the VM's pool"));
        if (!option.eligible()) {
            throw new InvalidValueException("hostId", option.hostName(), "cannot take VM '" + vm.name() + "': " + option.reason());
        }
        return hosts.get(hostId);
    }

    private String run(VmView vm, HostConnection source, HostConnection target, String destinationName,
                       MigrationOptions options, TaskContext context) throws InterruptedException {
        Migration from = source.require(Migration.class, "live migration");
        Migration to = target.require(Migration.class, "incoming migration");
        Flight flight = new Flight(context.taskId(), vm.id(), vm.name(), vm.hostName(), destinationName);
        remember(flight);
        latestFlightOfVm.put(vm.id(), context.taskId());
        try {
            flight.predicted(from.predict(vm.id(), options));
            // the engine's thread only records its progress (in memory); this task's thread saves it, so no
            // database write or event delivery ever waits inside a migration's rounds
            MigrationHandle handle = from.migrate(vm.id(), to.receiveEndpoint(), options, flight);
            flight.predicted(handle.prediction());
            while (!handle.result().isDone()) {
                if (context.cancelRequested()) {
                    handle.cancel();
                }
                context.progress(flight.progressFraction());
                Thread.sleep(50);
            }
            MigrationReport report = handle.await();
            flight.completed(report);
            return FlightJson.of(flight.view());
        } catch (MigrationFailedException e) {
            flight.failed(e.getMessage(), e.cancelled());
            context.result(FlightJson.of(flight.view()));
            if (e.cancelled()) {
                throw new TaskCancelledException();
            }
            throw e;
        } catch (RuntimeException | InterruptedException e) {
            // refused before it started (e.g. the destination's endpoint) or interrupted: still a flight that ended
            flight.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), false);
            throw e;
        } finally {
            store(flight.view());
        }
    }

    /** Counts the flight for Prometheus and stores it; a failure to store is logged: the migration's outcome does not depend on it. */
    private void store(FlightView finished) {
        if (finished.report() != null && finished.error() == null) {
            meters.succeeded(finished.report());
        } else {
            meters.failed();
        }
        try {
            history.record(finished);
        } catch (RuntimeException e) {
            log.warn("migration {}: could not store the flight report of VM '{}'", finished.taskId(), finished.vmName(), e);
        }
    }

    /** Keeps a flight in memory; past {@value #KEEP_FLIGHTS}, a finished one is let go (it is stored). */
    private void remember(Flight flight) {
        FlightView view = flight.view();
        flights.put(view.taskId(), flight);
        if (flights.size() > KEEP_FLIGHTS) {
            flights.entrySet().stream().filter(e -> e.getValue().view().finished()).findFirst().ifPresent(e -> {
                flights.remove(e.getKey());
                latestFlightOfVm.remove(e.getValue().view().vmId(), e.getKey());
            });
        }
    }
}
