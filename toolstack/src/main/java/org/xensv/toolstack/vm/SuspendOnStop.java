package org.xensv.toolstack.vm;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.ManagedSave;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.task.TaskService;

/**
 * As libvirt-guests does for a host's shutdown: when the console stops cleanly (SIGTERM, Ctrl-C, the
 * Spring context closing), every running or paused VM of a host that stops with it (the embedded
 * runtime, whose hosts offer {@link ManagedSave}) is saved to its host's directory, and the
 * database records the state it was in. The next start brings it back ({@link VmRecovery}).
 * {@code xensv.embedded.suspend-on-stop=false} turns it off (test contexts, which leave no images).
 *
 * <p>It stops after the web server (so no request starts a VM meanwhile) and before the context
 * destroys its beans (the datasource, the task executor); Spring's scheduler has stopped the
 * reconciler when the context closed.
 */
@Component
class SuspendOnStop implements SmartLifecycle {

    /** Below Boot's web server (DEFAULT_PHASE - 2048, after its graceful shutdown at - 1024): stops after it. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(SuspendOnStop.class);

    private final VmRepository vms;
    private final HostService hosts;
    private final TaskService tasks;
    private final EventBus events;
    private final TransactionTemplate tx;
    private final boolean enabled;
    private volatile boolean running;

    SuspendOnStop(VmRepository vms, HostService hosts, TaskService tasks, EventBus events,
                  PlatformTransactionManager transactions,
                  @Value("${xensv.embedded.suspend-on-stop:true}") boolean enabled) {
        this.enabled = enabled;
        this.vms = vms;
        this.hosts = hosts;
        this.tasks = tasks;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        try {
            if (enabled) {
                suspendAll();
            }
        } finally {
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Saves every running or paused VM of the hosts that stop with the console; returns how many. */
    int suspendAll() {
        int saved = 0;
        for (HostView host : hosts.list()) {
            if (!host.connected()) {
                continue;
            }
            HostConnection connection;
            try {
                connection = hosts.connection(host.id());
            } catch (RuntimeException e) {
                continue;
            }
            ManagedSave save = connection.find(ManagedSave.class).orElse(null);
            if (save == null) {
                continue; // a remote host runs on without the console
            }
            for (DomainInfo domain : connection.lifecycle().list()) {
                if (domain.powerState() == PowerState.RUNNING || domain.powerState() == PowerState.PAUSED) {
                    if (suspend(host, save, domain)) {
                        saved++;
                    }
                }
            }
        }
        if (saved > 0) {
            log.info("suspended {} VMs for the console's stop; the next start resumes them", saved);
        }
        return saved;
    }

    private boolean suspend(HostView host, ManagedSave save, DomainInfo domain) {
        UUID id = domain.uuid();
        Vm known = vms.findById(id).filter(vm -> vm.hostId().equals(host.id())).orElse(null);
        if (known == null) {
            return false; // not a VM of this host in the inventory (e.g. a migration arriving)
        }
        try {
            save.managedSave(id);
        } catch (RuntimeException e) {
            log.warn("VM {} could not be suspended for the console's stop: {}", known.name(), e.getMessage());
            recording(() -> vms.findById(id).ifPresent(vm -> vm.event("Could not be suspended when the console stopped: "
                    + e.getMessage())));
            return false;
        }
        PowerState before = domain.powerState();
        recording(() -> vms.findById(id).ifPresent(vm -> {
            vm.suspendedByStop(before);
            vm.clearInterruptedOperation();
            events.changed(ObjectType.VM, id);
            tasks.record("Suspend VM for the console's stop", VmService.subject(vm, "SUSPEND"),
                    vm.name() + ": suspended to " + host.name() + "'s directory; the next start resumes it " + before.label());
        }));
        return true;
    }

    /** Writes in a transaction of its own; a reconciler round finishing meanwhile only costs a retry. */
    private void recording(Runnable change) {
        for (int attempt = 1; ; attempt++) {
            try {
                tx.executeWithoutResult(s -> change.run());
                return;
            } catch (OptimisticLockingFailureException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }
}
