package org.xensv.toolstack.vm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.HostInfo;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.DomainLifecycle;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.task.TaskContext;
import org.xensv.toolstack.task.TaskOutcome;
import org.xensv.toolstack.task.TaskService;
import org.xensv.toolstack.task.TaskService.Subject;
import org.xensv.toolstack.task.TaskView;

/**
 * Restarts the protected VMs of a lost host on the other connected hosts of its pool, as one task
 * per host loss: the VMs that were running or paused when contact was lost, in priority order,
 * within the memory the survivors have left ({@link HaPlan}); each is defined on its new host from
 * its config in the database (as {@link VmRecovery} defines a VM a host lost) and started. Before a
 * VM's row moves, a fence is written for the lost host, in the same transaction and while no
 * refresh of that host runs ({@link HostService#exclusively}): if the host comes back, its copy is
 * destroyed before anything else is done there ({@link HaFencing}). If the host is back first, the
 * VM is left to it. The task's result, and each VM's last event, say what became of every VM.
 */
@Component
class HaRestarts {

    private static final Logger log = LoggerFactory.getLogger(HaRestarts.class);
    private static final Set<PowerState> RESTARTED = EnumSet.of(PowerState.RUNNING, PowerState.PAUSED);

    private final VmRepository vms;
    private final HostService hosts;
    private final VmService service;
    private final VmDisks disks;
    private final HaStore store;
    private final TaskService tasks;
    private final EventBus events;
    private final TransactionTemplate tx;

    HaRestarts(VmRepository vms, HostService hosts, VmService service, VmDisks disks, HaStore store, TaskService tasks,
               EventBus events, PlatformTransactionManager transactions) {
        this.vms = vms;
        this.hosts = hosts;
        this.service = service;
        this.disks = disks;
        this.store = store;
        this.tasks = tasks;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    /** What became of each VM of the lost host, for the task's result. */
    private record Report(List<String> restarted, List<String> notRestarted, List<String> unprotected) {
        Report() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        String text(String host) {
            StringBuilder b = new StringBuilder("Host '" + host + "' lost. ");
            b.append(restarted.isEmpty() ? "No VM restarted." : "Restarted: " + String.join("; ", restarted) + ".");
            if (!notRestarted.isEmpty()) {
                b.append(" Not restarted: ").append(String.join("; ", notRestarted)).append('.');
            }
            if (!unprotected.isEmpty()) {
                b.append(" Unprotected, left on the lost host with their state unknown: ").append(String.join(", ", unprotected)).append('.');
            }
            return b.toString();
        }
    }

    /**
     * Starts the task for a host lost for {@code lostFor}, or returns null if none of its VMs was
     * running or paused (nothing to restart or report).
     */
    TaskView start(HostView lost, Duration lostFor) {
        boolean anyRunning = Boolean.TRUE.equals(tx.execute(s -> vms.findByHostIdAndTemplateFalseOrderByName(lost.id()).stream()
                .anyMatch(vm -> vm.stateUnknown() && RESTARTED.contains(vm.powerState()))));
        if (!anyRunning) {
            return null;
        }
        return tx.execute(s -> tasks.submit("Restart protected VMs of lost host (HA)",
                new Subject("HA_RESTART", ObjectType.HOST, lost.id(), lost.name()), false,
                context -> run(lost, lostFor, context), new TaskOutcome() {
                    @Override
                    public void succeeded() {
                        // each VM was settled as it was restarted
                    }

                    @Override
                    public void failed(Throwable cause) {
                        // the same: what could not be done is in the result
                    }
                }));
    }

    private String run(HostView lost, Duration lostFor, TaskContext context) {
        Report report = new Report();
        List<HaPlan.Candidate> candidates = new ArrayList<>();
        tx.executeWithoutResult(s -> {
            for (Vm vm : vms.findByHostIdAndTemplateFalseOrderByName(lost.id())) {
                if (!vm.stateUnknown() || !RESTARTED.contains(vm.powerState())) {
                    continue;
                }
                if (vm.haPriority() == null) {
                    report.unprotected().add(vm.name());
                    note(vm, "Not restarted by high availability: it is unprotected (no HA restart priority). It stays on '"
                            + lost.name() + "', its state unknown until the host returns.");
                } else if (vm.currentOperation() != null) {
                    notRestarted(report, vm, lost, vm.currentOperation().label() + " was in progress when the host was lost");
                } else if (disks.disksOf(vm.id()).stream().anyMatch(d -> d.hostLocal())) {
                    notRestarted(report, vm, lost, "its disks are on the lost host's local storage");
                } else {
                    candidates.add(new HaPlan.Candidate(vm.id(), vm.name(), vm.haPriority(), vm.haOrder(), vm.memoryMiB(), vm.vcpus()));
                }
            }
        });
        HaPlan.Result plan = HaPlan.plan(candidates, survivors(lost));
        for (HaPlan.NotPlaced n : plan.notPlaced()) {
            tx.executeWithoutResult(s -> vms.findById(n.vm().vmId()).ifPresent(vm -> notRestarted(report, vm, lost, n.reason())));
        }
        int done = 0;
        for (HaPlan.Placement p : plan.placements()) {
            restart(p, lost, lostFor, report);
            context.progress(++done / (double) plan.placements().size());
        }
        String text = report.text(lost.name());
        log.warn(text);
        if (!report.notRestarted().isEmpty()) {
            context.result(text);
            throw new ConflictException("HA_VMS_NOT_RESTARTED", Map.of("host", lost.name(), "vms", report.notRestarted().size()),
                    text);
        }
        return text;
    }

    /** The other connected hosts of the pool, out of maintenance, with the memory they have free now. */
    private List<HaPlan.Target> survivors(HostView lost) {
        List<HaPlan.Target> targets = new ArrayList<>();
        for (HostView h : hosts.list()) {
            if (h.id().equals(lost.id()) || !h.poolId().equals(lost.poolId()) || !h.connected() || h.maintenance()) {
                continue;
            }
            try {
                HostInfo info = hosts.connection(h.id()).hostInfo();
                targets.add(new HaPlan.Target(h.id(), h.name(), info.freeMemoryMiB(), info.pcpus()));
            } catch (HypervisorException e) {
                log.info("HA: host {} is not a restart target: {}", h.name(), e.getMessage());
            }
        }
        return targets;
    }

    private void restart(HaPlan.Placement p, HostView lost, Duration lostFor, Report report) {
        UUID id = p.vm().vmId();
        String name = p.vm().name();
        HaPlan.Target target = p.host();
        // the claim: the VM leaves the lost host, and a fence is left there, unless the host is back
        record Claimed(DomainConfig config, PowerState was) {
        }
        Claimed claimed = hosts.exclusively(lost.id(), () -> tx.execute(s -> {
            if (hosts.get(lost.id()).connected()) {
                return null;
            }
            Vm vm = vms.findById(id).orElse(null);
            if (vm == null || !vm.hostId().equals(lost.id()) || !vm.stateUnknown() || vm.currentOperation() != null) {
                return null;
            }
            store.addFence(lost.id(), id, name);
            PowerState was = vm.powerState();
            vm.movedTo(target.hostId());
            vm.observed(PowerState.HALTED);
            vm.begin(Operation.START);
            events.changed(ObjectType.VM, id);
            return new Claimed(service.configOf(vm), was);
        }));
        if (claimed == null) {
            report.notRestarted().add(name + " (host '" + lost.name() + "' returned, or the VM changed, before it was restarted)");
            return;
        }
        DomainLifecycle lifecycle;
        try {
            lifecycle = hosts.connection(target.hostId()).lifecycle();
            lifecycle.define(claimed.config());
        } catch (HypervisorException e) {
            giveBack(id, lost, claimed.was());
            tx.executeWithoutResult(s -> vms.findById(id).ifPresent(vm -> notRestarted(report, vm, lost,
                    "'" + target.name() + "' refused its definition: " + e.getMessage())));
            return;
        }
        try {
            lifecycle.start(id);
        } catch (HypervisorException e) {
            String why = "'" + target.name() + "' could not start it: " + e.getMessage();
            tx.executeWithoutResult(s -> vms.findById(id).ifPresent(vm -> {
                vm.end(PowerState.HALTED);
                report.notRestarted().add(name + " (" + why + "; it is halted on '" + target.name() + "')");
                note(vm, "High availability moved it off lost host '" + lost.name() + "' but " + why
                        + ". It is halted on '" + target.name() + "'; its copy on '" + lost.name() + "' is destroyed if the host returns.");
            }));
            return;
        }
        PowerState now = stateOf(lifecycle, id);
        tx.executeWithoutResult(s -> vms.findById(id).ifPresent(vm -> {
            vm.end(now);
            note(vm, "Restarted by high availability on '" + target.name() + "': its host '" + lost.name() + "' was lost for "
                    + lostFor.toSeconds() + " s. Its memory was lost with the host; any copy left there is destroyed when it returns.");
        }));
        report.restarted().add(name + " on '" + target.name() + "'");
        hosts.refresh(target.hostId());
    }

    /** A restart refused before it ran: the VM goes back to its lost host, unknown, and the fence goes. */
    private void giveBack(UUID id, HostView lost, PowerState was) {
        hosts.exclusively(lost.id(), () -> tx.execute(s -> {
            vms.findById(id).ifPresent(vm -> {
                vm.movedTo(lost.id());
                vm.end(was);
                vm.lostContact();
                events.changed(ObjectType.VM, id);
            });
            store.removeFence(lost.id(), id);
            return null;
        }));
    }

    private void notRestarted(Report report, Vm vm, HostView lost, String why) {
        report.notRestarted().add(vm.name() + " (" + why + ")");
        note(vm, "Not restarted by high availability after host '" + lost.name() + "' was lost: " + why + ".");
    }

    private void note(Vm vm, String text) {
        vm.event(text);
        events.changed(ObjectType.VM, vm.id());
    }

    private static PowerState stateOf(DomainLifecycle lifecycle, UUID id) {
        try {
            return lifecycle.info(id).powerState();
        } catch (HypervisorException e) {
            return PowerState.RUNNING;
        }
    }
}
