package org.xensv.toolstack.vm;

import org.xensv.toolstack.audit.Audited;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import java.util.stream.Collectors;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.HostInfo;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InsufficientResourcesException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.PowerStateTable;
import org.xensv.hypervisor.spi.DomainLifecycle;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.MemoryCheck;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.tag.TagService;
import org.xensv.toolstack.tag.TaggedKind;
import org.xensv.toolstack.task.TaskContext;
import org.xensv.toolstack.task.TaskOutcome;
import org.xensv.toolstack.task.TaskService;
import org.xensv.toolstack.task.TasksInterrupted;
import org.xensv.toolstack.task.TaskService.Subject;
import org.xensv.toolstack.task.TaskView;

/**
 * VM lifecycle: every request is checked here against the power-state table and the operation in
 * progress before anything changes, then carried out by the host's driver as a task.
 */
@Service
public class VmService {

    /** A created VM, and the task that starts it if asked. */
    public record Created(VmView vm, TaskView createTask, TaskView startTask) {
    }

    private final VmRepository vms;
    private final HostService hosts;
    private final TaskService tasks;
    private final EventBus events;
    private final VmDisks disks;
    private final VmNics nics;
    private final TagService tags;
    private final VmQosService qos;
    private final VmPlacement placement;

    VmService(VmRepository vms, HostService hosts, TaskService tasks, EventBus events, VmDisks disks, VmNics nics,
              TagService tags, VmQosService qos, VmPlacement placement) {
        this.placement = placement;
        this.tags = tags;
        this.qos = qos;
        this.vms = vms;
        this.hosts = hosts;
        this.tasks = tasks;
        this.events = events;
        this.disks = disks;
        this.nics = nics;
    }

    // ---- storage: disks in the domain config (see VmDisks) --------------------------------------

    /** The VM's config as its host must have it: with its disks and NICs, and the CPU QoS that applies (its own, else its policy's). */
    DomainConfig configOf(Vm vm) {
        return vm.config().withCpuQos(qos.effective(vm)).withDisks(disks.disksOf(vm.id())).withNics(nics.of(vm.id()));
    }

    /**
     * Gives the VM's host its config again after its disks changed; the VM must be halted and idle
     * (disks are not hot-plugged), else refused with the reason and nothing changes.
     */
    @Transactional
    public void redefine(UUID id, String change) {
        Vm vm = find(id);
        if (vm.currentOperation() != null) {
            throw ConflictException.operationInProgress(vm.name(), vm.currentOperation().label());
        }
        if (vm.powerState() != PowerState.HALTED || vm.stateUnknown()) {
            throw new ConflictException("VM_NOT_HALTED", Map.of("vm", vm.name(), "actual", vm.powerState().name()),
                    "VM '" + vm.name() + "' is " + vm.powerState().label() + "; shut it down to " + change + " (disks are not hot-plugged).");
        }
        DomainLifecycle lifecycle = hosts.connection(vm.hostId()).lifecycle();
        lifecycle.redefine(configOf(vm));
        events.changed(ObjectType.VM, id);
    }

    /** Every VM, templates not included (see {@link #templates}). */
    @Transactional(readOnly = true)
    public List<VmView> list() {
        return views(vms.findByTemplateFalseOrderByName());
    }

    /** The running and paused VMs (templates never run), by id and host only: for what samples them every second. */
    @Transactional(readOnly = true)
    public List<LiveVm> live() {
        return vms.findLive(EnumSet.of(PowerState.RUNNING, PowerState.PAUSED));
    }

    /** Which of {@code ids} are VMs still (not deleted, not made templates). */
    @Transactional(readOnly = true)
    public Set<UUID> existing(Collection<UUID> ids) {
        return ids.isEmpty() ? Set.of() : vms.findVmIds(ids);
    }

    @Transactional(readOnly = true)
    public List<VmView> onHost(UUID hostId) {
        return views(vms.findByHostIdAndTemplateFalseOrderByName(hostId));
    }

    /** The templates, by name: halted VMs that are never started, only copied. */
    @Transactional(readOnly = true)
    public List<VmView> templates() {
        return views(vms.findByTemplateTrueOrderByName());
    }

    private List<VmView> views(List<Vm> list) {
        Map<UUID, String> hostNames = hostNames();
        Map<UUID, List<String>> tagsOf = tags.ofAll(TaggedKind.VM);
        return list.stream().map(vm -> vm.view(hostNames.get(vm.hostId()), tagsOf.getOrDefault(vm.id(), List.of()))).toList();
    }

    /** A VM or a template. */
    @Transactional(readOnly = true)
    public VmView get(UUID id) {
        return view(find(id));
    }

    private VmView view(Vm vm) {
        return vm.view(hosts.get(vm.hostId()).name(), tags.of(TaggedKind.VM, vm.id()));
    }

    /**
     * Turns a halted, idle VM into a template: it keeps its config, NICs and disks, is never started
     * again, and new VMs are copied from it. One way, as in XenServer.
     */
    @Transactional
    @Audited("vm.convert-to-template")
    public VmView convertToTemplate(UUID id) {
        Vm vm = find(id);
        if (vm.template()) {
            throw new ConflictException("VM_IS_TEMPLATE", Map.of("vm", vm.name()), "'" + vm.name() + "' is already a template.");
        }
        if (vm.currentOperation() != null) {
            throw ConflictException.operationInProgress(vm.name(), vm.currentOperation().label());
        }
        if (vm.powerState() != PowerState.HALTED || vm.stateUnknown()) {
            throw new ConflictException("VM_NOT_HALTED", Map.of("vm", vm.name(), "actual", vm.powerState().name()),
                    "VM '" + vm.name() + "' is " + vm.powerState().label() + "; shut it down to make it a template.");
        }
        vm.becomeTemplate();
        events.changed(ObjectType.VM, id);
        return view(vm);
    }

    /**
     * Undoes a creation that could not be completed (a VM copied from a template whose disk or NIC
     * was refused): the new, never started VM is undefined on its host and forgotten at once, with
     * its VIF and VBD rows; no task, nothing left behind.
     */
    @Transactional
    @Audited("vm.delete")
    public void discard(UUID id) {
        Vm vm = find(id);
        if (vm.powerState() != PowerState.HALTED || vm.currentOperation() != null) {
            throw new ConflictException("VM_NOT_HALTED", Map.of("vm", vm.name(), "actual", vm.powerState().name()),
                    "VM '" + vm.name() + "' is " + vm.powerState().label() + "; only a new, halted VM can be discarded.");
        }
        try {
            hosts.connection(vm.hostId()).lifecycle().undefine(id);
        } catch (HypervisorException e) {
            // not (or no longer) defined on the host: the row is what remains to go
        }
        vms.delete(vm);
        vms.flush();
        events.deleted(ObjectType.VM, id);
    }

    /**
     * Defines the VM on its host (placing it if no host is named) and records it halted; starts it
     * if asked. A VM that would not fit is refused before anything is created.
     */
    @Transactional
    @Audited("vm.create")
    public Created create(VmSpec spec) {
        DomainConfig config = VmSpecs.toConfig(spec, UUID.randomUUID());
        HaPriority haPriority = HaPriority.parse("haRestartPriority", spec.haRestartPriority());
        int haOrder = HaPriority.order("haRestartOrder", spec.haRestartOrder());
        if (vms.existsByNameIgnoreCase(config.name().value())) {
            throw new InvalidValueException("name", config.name().value(), "is already used by another VM");
        }
        String group = VmSpecs.antiAffinityGroup(spec.antiAffinityGroup());
        Placement.Decision placed = spec.hostId() != null ? null : place(config, spec, group);
        HostView host = placed != null ? placed.host() : hostFor(spec.hostId());
        if (host.maintenance()) {
            throw new InvalidValueException("hostId", host.name(), "is in maintenance mode and accepts no new VMs");
        }
        HostConnection connection = hosts.connection(host.id());
        HostInfo capacity = connection.hostInfo();
        if (config.memory().value() > capacity.memoryMiB()) {
            throw InsufficientResourcesException.beyondCapacity(host.name(), config.name().value(), "memory",
                    config.memory().value(), capacity.memoryMiB(), "MiB");
        }
        if (spec.startAfterCreate() && config.memory().value() > capacity.freeMemoryMiB()) {
            throw new InsufficientResourcesException(host.name(), config.name().value(), "memory",
                    config.memory().value(), capacity.freeMemoryMiB(), "MiB");
        }
        DomainLifecycle lifecycle = connection.lifecycle();
        lifecycle.define(config);
        Vm vm;
        try {
            Vm defined = new Vm(config, host.id(), spec.description(), runsWorkloads(connection));
            defined.joinAntiAffinityGroup(group);
            defined.protect(haPriority, haOrder);
            vm = vms.saveAndFlush(defined);
        } catch (RuntimeException e) {
            lifecycle.undefine(config.uuid());
            throw e;
        }
        events.created(ObjectType.VM, vm.id());
        TaskView created = tasks.record("Create VM", subject(vm, "CREATE"),
                "Defined on " + host.name() + ": " + config.vcpus().value() + " vCPU, " + config.memory()
                        + (placed == null ? "" : ". Placed on " + abbreviate(placed.reason(), 2000)));
        TaskView started = spec.startAfterCreate() ? perform(vm, Operation.START) : null;
        return new Created(vm.view(host.name(), List.of()), created, started);
    }

    /**
     * Whether the host runs the embedded runtime's guest workloads: only an embedded host does. On
     * any other a VM has no workload, and the workload fields of a spec are ignored.
     */
    static boolean runsWorkloads(HostConnection connection) {
        return connection.driverName().equals("embedded");
    }

    /** Checks and starts a lifecycle operation as a task; MIGRATE has its own service. */
    @Transactional
    @Audited("vm.*")
    public TaskView perform(UUID id, Operation op) {
        if (op == Operation.MIGRATE) {
            throw new InvalidValueException("operation", "migrate", "needs a destination host: use the migrate endpoint");
        }
        return perform(find(id), op);
    }

    /**
     * Checks a running or paused VM's memory against its guest's invariant (a running one is paused
     * for the check and runs on). Read-only, so not a task; outside any transaction, as every driver call.
     */
    public MemoryCheckView checkMemory(UUID id) {
        Vm vm = find(id);
        var report = hosts.connection(vm.hostId()).require(MemoryCheck.class, "memory check").checkMemory(id);
        return new MemoryCheckView(id, vm.name(), report.ok(), report.validPages(), report.failures());
    }

    /** The same checks a task would make, without doing anything: for the console's confirm dialogs. */
    @Transactional(readOnly = true)
    public void check(UUID id, Operation op) {
        checkAllowed(find(id), op);
    }

    private TaskView perform(Vm vm, Operation op) {
        checkAllowed(vm, op);
        DomainLifecycle lifecycle = hosts.connection(vm.hostId()).lifecycle();
        UUID id = vm.id();
        vm.begin(op);
        events.changed(ObjectType.VM, id);
        return tasks.submit(LifecycleCalls.title(op), subject(vm, op.name()), false,
                context -> {
                    LifecycleCalls.perform(lifecycle, id, op);
                    return vm.name() + ": " + op.label() + " done";
                },
                new Settle(id, op, lifecycle));
    }

    /**
     * An operation begun for a bulk task that carries it out in its own thread: checked and marked
     * busy like any operation, then {@link #finish}ed with the host's answer.
     */
    public record Begun(UUID id, String name, Operation op, DomainLifecycle lifecycle) {
    }

    /** Checks the operation and marks the VM busy with it (refused as {@link #perform} refuses). */
    @Transactional
    public Begun begin(UUID id, Operation op) {
        if (op == Operation.MIGRATE || op == Operation.DESTROY) {
            throw new InvalidValueException("operation", op.name().toLowerCase(java.util.Locale.ROOT), "is not a bulk lifecycle operation");
        }
        Vm vm = find(id);
        checkAllowed(vm, op);
        DomainLifecycle lifecycle = hosts.connection(vm.hostId()).lifecycle();
        vm.begin(op);
        events.changed(ObjectType.VM, id);
        return new Begun(id, vm.name(), op, lifecycle);
    }

    /** Settles a {@link #begin begun} operation after the driver call, with its failure if it failed. */
    @Transactional
    public void finish(Begun begun, Throwable failure) {
        Settle settle = new Settle(begun.id(), begun.op(), begun.lifecycle());
        if (failure == null) {
            settle.succeeded();
        } else {
            settle.failed(failure);
        }
    }

    /** The body of a move: carries the VM from the source host to the destination, reporting as it goes. */
    @FunctionalInterface
    public interface MoveBody {
        String run(VmView vm, HostConnection source, HostConnection destination, TaskContext context) throws Exception;
    }

    /**
     * Moves a VM to another host as a cancellable task, with the same checks and busy mark as any
     * operation. When the task ends, the VM is recorded wherever the hosts say it now is: on the
     * destination after a completed move, on the source after any failure.
     */
    @Transactional
    public TaskView move(UUID id, UUID destinationHostId, String title, MoveBody body) {
        Vm vm = find(id);
        checkAllowed(vm, Operation.MIGRATE);
        if (vm.hostId().equals(destinationHostId)) {
            throw new InvalidValueException("hostId", hosts.get(destinationHostId).name(), "is where the VM already runs; pick another host");
        }
        HostConnection source = hosts.connection(vm.hostId());
        HostConnection destination = hosts.connection(destinationHostId);
        VmView before = view(vm);
        vm.begin(Operation.MIGRATE);
        events.changed(ObjectType.VM, id);
        return tasks.submit(title, subject(vm, Operation.MIGRATE.name()), true,
                context -> body.run(before, source, destination, context),
                new SettleMove(id, vm.hostId(), destinationHostId, source.lifecycle(), destination.lifecycle()));
    }

    /**
     * Moves a halted VM's definition to another host (nothing runs, so nothing is copied but the
     * config). Used when a host is evacuated.
     */
    @Transactional
    public void rehome(UUID id, UUID destinationHostId) {
        Vm vm = find(id);
        if (vm.currentOperation() != null) {
            throw ConflictException.operationInProgress(vm.name(), vm.currentOperation().label());
        }
        if (vm.powerState() != PowerState.HALTED || vm.stateUnknown()) {
            throw new ConflictException("VM_NOT_HALTED", Map.of("vm", vm.name(), "actual", vm.powerState().name()),
                    "VM '" + vm.name() + "' is " + vm.powerState().label() + "; only a halted VM can be moved without migrating it.");
        }
        DomainLifecycle source = hosts.connection(vm.hostId()).lifecycle();
        DomainLifecycle destination = hosts.connection(destinationHostId).lifecycle();
        if (disks.disksOf(id).stream().anyMatch(d -> d.hostLocal())) {
            throw new ConflictException("VM_HAS_LOCAL_DISKS", Map.of("vm", vm.name()),
                    "VM '" + vm.name() + "' has disks on its host's local storage; a halted VM is moved without copying "
                            + "disks: start and migrate it, or keep its images on shared storage.");
        }
        destination.define(configOf(vm));
        try {
            source.undefine(id);
        } catch (RuntimeException e) {
            destination.undefine(id);
            throw e;
        }
        vm.movedTo(destinationHostId);
        events.changed(ObjectType.VM, id);
    }

    /** After a move: the VM lives where a host reports it, preferring the destination if both do. */
    private final class SettleMove implements TaskOutcome {

        private final UUID id;
        private final UUID sourceHost;
        private final UUID destinationHost;
        private final DomainLifecycle source;
        private final DomainLifecycle destination;

        SettleMove(UUID id, UUID sourceHost, UUID destinationHost, DomainLifecycle source, DomainLifecycle destination) {
            this.id = id;
            this.sourceHost = sourceHost;
            this.destinationHost = destinationHost;
            this.source = source;
            this.destination = destination;
        }

        @Override
        public void succeeded() {
            settle();
        }

        @Override
        public void failed(Throwable cause) {
            settle();
        }

        private void settle() {
            vms.findById(id).ifPresent(vm -> {
                java.util.Optional<PowerState> onDestination = stateOn(destination, id);
                if (onDestination.isPresent()) {
                    vm.movedTo(destinationHost);
                    if (!destinationHost.equals(sourceHost)) {
                        disks.moved(id, sourceHost, destinationHost);
                    }
                    vm.end(onDestination.get());
                } else {
                    vm.movedTo(sourceHost);
                    vm.end(stateOn(source, id).orElse(null));
                }
                events.changed(ObjectType.VM, id);
                hosts.refresh(sourceHost);
                hosts.refresh(destinationHost);
            });
        }

    }

    private void checkAllowed(Vm vm, Operation op) {
        if (vm.template() && op != Operation.DESTROY) {
            throw new ConflictException("VM_IS_TEMPLATE", Map.of("vm", vm.name(), "operation", op.label()),
                    "'" + vm.name() + "' is a template: it is never started or migrated. Create a VM from it ("
                            + "New VM, or POST /api/v1/templates/" + vm.id() + "/instantiate) and " + op.label() + " that.");
        }
        if (vm.currentOperation() != null) {
            throw ConflictException.operationInProgress(vm.name(), vm.currentOperation().label());
        }
        if (vm.stateUnknown()) {
            HostView host = hosts.get(vm.hostId());
            throw ConflictException.hostDisconnected(host.name(), "the state of VM '" + vm.name() + "' is unknown until it reconnects");
        }
        PowerStateTable.check(vm.name(), vm.powerState(), op);
    }

    /** After the driver call: record what the host says now, or forget a destroyed VM. */
    private final class Settle implements TaskOutcome {

        private final UUID id;
        private final Operation op;
        private final DomainLifecycle lifecycle;

        Settle(UUID id, Operation op, DomainLifecycle lifecycle) {
            this.id = id;
            this.op = op;
            this.lifecycle = lifecycle;
        }

        @Override
        public void succeeded() {
            vms.findById(id).ifPresent(vm -> {
                if (op == Operation.DESTROY) {
                    vms.delete(vm);
                    events.deleted(ObjectType.VM, id);
                } else {
                    vm.end(stateOn(lifecycle, id).orElse(PowerStateTable.resultOf(op)));
                    events.changed(ObjectType.VM, id);
                }
                hosts.refresh(vm.hostId());
            });
        }

        @Override
        public void failed(Throwable cause) {
            vms.findById(id).ifPresent(vm -> {
                vm.end(stateOn(lifecycle, id).orElse(null));
                events.changed(ObjectType.VM, id);
                hosts.refresh(vm.hostId());
            });
        }

    }

    /** The power state a host reports for the domain, or empty if the host does not have it (or cannot say). */
    private static java.util.Optional<PowerState> stateOn(DomainLifecycle lifecycle, UUID id) {
        try {
            return java.util.Optional.of(lifecycle.info(id).powerState());
        } catch (HypervisorException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * At start, the operations a stop interrupted are cleared: those of this console's earlier run
     * (and, where consoles share the database, of consoles that are gone), never one another live
     * console is running a task for.
     */
    @EventListener(ApplicationStartedEvent.class)
    @Transactional
    public void clearInterruptedOperations() {
        Set<UUID> elsewhere = tasks.busyOnOtherConsoles();
        for (Vm vm : vms.findByCurrentOperationIsNotNull()) {
            if (!elsewhere.contains(vm.id())) {
                vm.clearInterruptedOperation();
            }
        }
    }

    /** A console that has gone left tasks unfinished, now failed: the operations they held on VMs are cleared. */
    @EventListener
    @Transactional
    public void clearOperationsOfLostConsole(TasksInterrupted interrupted) {
        Set<UUID> elsewhere = tasks.busyOnOtherConsoles();
        for (Vm vm : vms.findAllById(interrupted.objectIds())) {
            if (vm.currentOperation() != null && !elsewhere.contains(vm.id())) {
                vm.clearInterruptedOperation();
                events.changed(ObjectType.VM, vm.id());
            }
        }
    }

    private HostView hostFor(UUID hostId) {
        try {
            return hosts.get(hostId);
        } catch (NotFoundException e) {
            throw new InvalidValueException("hostId", hostId, "must name an existing host");
        }
    }

    /**
     * The host {@link Placement} picks: in the spec's pool if it names one, on the embedded runtime if
     * it names a guest workload (only that runtime runs one). None fits: refused with the reason.
     */
    private Placement.Decision place(DomainConfig config, VmSpec spec, String group) {
        if (spec.poolId() != null && !hosts.list().stream().anyMatch(h -> h.poolId().equals(spec.poolId()))) {
            throw new InvalidValueException("poolId", spec.poolId(), "must name a pool with hosts");
        }
        Placement.Decision decision = placement.decide(new Placement.Request(config.memory().value(), config.vcpus().value(),
                group, spec.poolId(), spec.workload() == null ? null : HostView.EMBEDDED_RUNTIME, null));
        if (!decision.found()) {
            throw new InvalidValueException("hostId", null, decision.reason() + "; name a host or free some memory");
        }
        return decision;
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private Map<UUID, String> hostNames() {
        return hosts.list().stream().collect(Collectors.toMap(HostView::id, HostView::name));
    }

    private Vm find(UUID id) {
        return vms.findById(id).orElseThrow(() -> new NotFoundException("VM", id));
    }

    static Subject subject(Vm vm, String operation) {
        return new Subject(operation, ObjectType.VM, vm.id(), vm.name());
    }

}
