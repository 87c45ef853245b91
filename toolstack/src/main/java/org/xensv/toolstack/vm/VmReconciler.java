package org.xensv.toolstack.vm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;

/**
 * Keeps the database (desired state) and the hosts (actual state) in step. A host that cannot be
 * reached marks its VMs unknown; when it is back, each VM takes the state the host reports, and a
 * VM the host has lost (a host restarted, or the console with its embedded hosts) goes to
 * {@link VmRecovery}: resumed from its saved image, or defined again halted and said so.
 */
@Component
class VmReconciler {

    private static final Logger log = LoggerFactory.getLogger(VmReconciler.class);

    private final VmRepository vms;
    private final HostService hosts;
    private final EventBus events;
    private final TransactionTemplate tx;
    private final VmRecovery recovery;
    /** Hosts reconciled at least once since this console started. */
    private final Set<UUID> seen = ConcurrentHashMap.newKeySet();
    private volatile boolean ready;

    VmReconciler(VmRepository vms, HostService hosts, EventBus events, PlatformTransactionManager transactions,
                 VmRecovery recovery) {
        this.recovery = recovery;
        this.vms = vms;
        this.hosts = hosts;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * Rounds wait for the application to be ready: the start has by then failed the tasks and
     * cleared the operations a stop interrupted, so the VMs recovered here start afresh.
     */
    @EventListener(ApplicationReadyEvent.class)
    void startReconciling() {
        ready = true;
    }

    /** No round once the console is stopping: its VMs are being suspended to be resumed at the next start. */
    @EventListener(ContextClosedEvent.class)
    void stopReconciling() {
        ready = false;
    }

    @Scheduled(fixedDelayString = "${xensv.reconcile.interval:PT1S}", initialDelayString = "${xensv.reconcile.initial-delay:PT0S}")
    void reconcileAll() {
        if (!ready) {
            return;
        }
        for (HostView host : hosts.list()) {
            try {
                reconcile(host.id());
            } catch (ObjectOptimisticLockingFailureException e) {
                log.debug("host {} changed while reconciling; next round will catch up", host.name());
            } catch (RuntimeException e) {
                log.warn("reconciling host {} failed: {}", host.name(), e.getMessage());
            }
        }
    }

    void reconcile(UUID hostId) {
        Boolean listed = tx.execute(status -> {
            HostConnection connection = hosts.refresh(hostId);
            List<Vm> onHost = vms.findByHostIdOrderByName(hostId);
            if (connection == null) {
                onHost.stream().filter(Vm::lostContact).forEach(vm -> events.changed(ObjectType.VM, vm.id()));
                return false;
            }
            boolean firstSinceStart = !seen.contains(hostId);
            Map<UUID, DomainInfo> actual = new HashMap<>();
            try {
                connection.lifecycle().list().forEach(d -> actual.put(d.uuid(), d));
            } catch (HypervisorException e) {
                onHost.stream().filter(Vm::lostContact).forEach(vm -> events.changed(ObjectType.VM, vm.id()));
                return false;
            }
            for (Vm vm : onHost) {
                if (vm.currentOperation() != null) {
                    continue;
                }
                DomainInfo domain = actual.get(vm.id());
                if (domain == null) {
                    recovery.recover(vm, connection, firstSinceStart);
                    events.changed(ObjectType.VM, vm.id());
                } else if (vm.restoreState() != null && domain.powerState() == PowerState.SUSPENDED) {
                    recovery.resumeHeld(vm, connection);
                    events.changed(ObjectType.VM, vm.id());
                } else if (vm.observed(domain.powerState())) {
                    events.changed(ObjectType.VM, vm.id());
                }
            }
            return true;
        });
        if (Boolean.TRUE.equals(listed)) {
            seen.add(hostId);
        }
    }
}
