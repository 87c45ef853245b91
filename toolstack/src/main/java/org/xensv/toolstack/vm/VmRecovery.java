package org.xensv.toolstack.vm;

import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.DomainLifecycle;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.ManagedSave;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.task.TaskOutcome;
import org.xensv.toolstack.task.TaskService;

/**
 * What becomes of a VM its host does not have (the host restarted; after a restart of the console,
 * every embedded host is empty). A VM the console's stop suspended comes back from its saved image
 * in the state it had, by a resume task; a VM suspended by hand comes back suspended; a VM that was
 * running or paused with no image (the console was killed, or crashed) is defined again halted, and
 * the VM's last event and a failed task say so: it is never silently reset.
 */
@Component
class VmRecovery {

    private static final Logger log = LoggerFactory.getLogger(VmRecovery.class);

    private final VmRepository vms;
    private final HostService hosts;
    private final TaskService tasks;
    private final EventBus events;
    private final VmDisks disks;

    private final VmNics nics;

    VmRecovery(VmRepository vms, HostService hosts, TaskService tasks, EventBus events, VmDisks disks, VmNics nics) {
        this.disks = disks;
        this.nics = nics;
        this.vms = vms;
        this.hosts = hosts;
        this.tasks = tasks;
        this.events = events;
    }

    /**
     * Called by the reconciler, in its transaction, for a VM the host lacks. {@code firstSinceStart}:
     * the first time this console has seen the host, so the host lost it because the console stopped.
     * Returns whether anything an admin sees changed: a halted VM defined again is as it was (after a
     * restart of the console, every halted VM of an embedded host is), and is not announced.
     */
    boolean recover(Vm vm, HostConnection connection, boolean firstSinceStart) {
        Optional<ManagedSave> save = connection.find(ManagedSave.class);
        PowerState known = vm.powerState();
        PowerState restore = vm.restoreState();
        if (save.isPresent() && save.get().hasManagedSaveImage(vm.id())) {
            save.get().defineFromManagedSave(vm.config().withDisks(disks.disksOf(vm.id())).withNics(nics.of(vm.id())));
            vm.observed(PowerState.SUSPENDED);
            if (restore != null) {
                resume(vm, save.get(), connection.lifecycle(), restore);
            } else if (known != PowerState.SUSPENDED) {
                vm.event("Found suspended after the console restarted: its host kept a saved image. Resume it to run on.");
            }
            return true;
        }
        connection.lifecycle().define(vm.config().withDisks(disks.disksOf(vm.id())).withNics(nics.of(vm.id())));
        vm.observed(PowerState.HALTED);
        if (restore == null && known == PowerState.HALTED) {
            log.debug("VM {} was missing on its host; defined it again, halted", vm.name());
            return false;
        }
        vm.restored();
        String was = (restore != null ? restore : known).label();
        String code;
        String title;
        String message;
        if (restore != null || known == PowerState.SUSPENDED) {
            code = "VM_SUSPEND_IMAGE_MISSING";
            title = "Recover VM from its suspend image";
            message = "VM '" + vm.name() + "' was suspended" + (restore != null ? " by the console's stop (it was " + was + ")" : "")
                    + ", but its host no longer has the suspend image; it is halted and its memory is lost.";
        } else if (firstSinceStart) {
            code = "VM_LOST_IN_UNCLEAN_STOP";
            title = "Recover VM after an unclean stop";
            message = "VM '" + vm.name() + "' was " + was + " when the console stopped without suspending it (killed or crashed);"
                    + " it is halted and its memory is lost. Start it again.";
        } else {
            code = "VM_LOST_BY_HOST";
            title = "Recover VM lost by its host";
            message = "VM '" + vm.name() + "' was " + was + ", but its host no longer has it (the host restarted);"
                    + " it is halted and its memory is lost. Start it again.";
        }
        vm.event(message);
        tasks.recordFailure(title, VmService.subject(vm, "RECOVER"), code, message);
        log.warn(message);
        return true;
    }

    /** A VM held suspended by the console's stop that its host already has (suspended): resumes it. */
    void resumeHeld(Vm vm, HostConnection connection) {
        Optional<ManagedSave> save = connection.find(ManagedSave.class);
        vm.observed(PowerState.SUSPENDED);
        if (save.isPresent()) {
            resume(vm, save.get(), connection.lifecycle(), vm.restoreState());
        } else {
            vm.restored();
        }
    }

    /** Resumes the VM as a task, back to the state the console's stop found it in. */
    private void resume(Vm vm, ManagedSave save, DomainLifecycle lifecycle, PowerState restore) {
        UUID id = vm.id();
        String name = vm.name();
        vm.begin(Operation.RESUME);
        tasks.submit("Resume VM after the console restarted", VmService.subject(vm, Operation.RESUME.name()), false,
                context -> {
                    if (restore == PowerState.PAUSED) {
                        save.resumePaused(id);
                    } else {
                        lifecycle.resume(id);
                    }
                    return name + ": resumed from its suspend image, " + restore.label() + " as before the console's stop";
                },
                new Restored(vm.hostId(), id, restore, lifecycle));
    }

    /** After the resume: the state the host reports, the restore mark cleared, and what happened said. */
    private final class Restored implements TaskOutcome {

        private final UUID hostId;
        private final UUID id;
        private final PowerState restore;
        private final DomainLifecycle lifecycle;

        Restored(UUID hostId, UUID id, PowerState restore, DomainLifecycle lifecycle) {
            this.hostId = hostId;
            this.id = id;
            this.restore = restore;
            this.lifecycle = lifecycle;
        }

        @Override
        public void succeeded() {
            settle("Resumed when the console started again: " + restore.label() + ", as before its stop, with its memory.");
        }

        @Override
        public void failed(Throwable cause) {
            settle("Could not be resumed when the console started again: " + cause.getMessage()
                    + " It stays suspended: resume it, or force it off.");
        }

        private void settle(String event) {
            vms.findById(id).ifPresent(vm -> {
                vm.end(stateOn());
                vm.restored();
                vm.event(event);
                events.changed(ObjectType.VM, id);
            });
            hosts.refresh(hostId);
        }

        private PowerState stateOn() {
            try {
                return lifecycle.info(id).powerState();
            } catch (HypervisorException e) {
                return null;
            }
        }
    }
}
