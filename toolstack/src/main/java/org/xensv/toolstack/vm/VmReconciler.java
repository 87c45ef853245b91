package org.xensv.toolstack.vm;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
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

/**
 * Keeps the database (desired state) and the hosts (actual state) in step, one host at a time. A
 * host that cannot be reached marks its VMs unknown; when it is back, each VM takes the state the
 * host reports, and a VM the host has lost (a host restarted, or the console with its embedded
 * hosts) goes to {@link VmRecovery}: resumed from its saved image, or defined again halted and said
 * so. What triggers a round (a host's domain event, a new host, the slow resync) is
 * {@link DomainEventFeed}'s.
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
    /** One round per host at a time: a domain event and the resync may ask at once. */
    private final Map<UUID, Object> locks = new ConcurrentHashMap<>();
    /**
     * The domains each host held last round that the inventory does not: a change (or the first
     * sight of some) is told as a change of the host, so its list of unmanaged domains is shown again.
     */
    private final Map<UUID, Set<UUID>> unmanaged = new ConcurrentHashMap<>();
    private volatile boolean ready;
    private final MeterRegistry meters;

    VmReconciler(VmRepository vms, HostService hosts, EventBus events, PlatformTransactionManager transactions,
                 VmRecovery recovery, MeterRegistry meters) {
        this.meters = meters;
        this.recovery = recovery;
        this.vms = vms;
        this.hosts = hosts;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * Rounds wait for the application to be ready (the feed calls this then): the start has by then
     * failed the tasks and cleared the operations a stop interrupted, so the VMs recovered here start afresh.
     */
    void startReconciling() {
        ready = true;
    }

    /** No round once the console is stopping: its VMs are being suspended to be resumed at the next start. */
    @EventListener(ContextClosedEvent.class)
    void stopReconciling() {
        ready = false;
    }

    boolean ready() {
        return ready;
    }

    /**
     * One round for one host. The host is connected to and asked for its domains outside any
     * transaction; the VMs are then brought in step in one, each only if its row has not moved since
     * before the host was asked (an operation that ended meanwhile knows better, and the next round
     * sees both). Only a VM the host has lost calls the driver inside it ({@link VmRecovery} defines
     * it again). Returns the host's connection, or null if it cannot be reached.
     */
    HostConnection reconcile(UUID hostId) {
        return reconcile(hostId, connection -> { });
    }

    /**
     * The same, telling {@code connected} the host's connection (null if none) before the host is
     * asked for its domains: whoever subscribes to its events there misses nothing between the two.
     */
    HostConnection reconcile(UUID hostId, Consumer<HostConnection> connected) {
        synchronized (locks.computeIfAbsent(hostId, id -> new Object())) {
            // counted per host: where consoles share a database, a host's rounds are all one console's
            meters.counter("xensv.reconcile.rounds", "host", hostId.toString()).increment();
            HostConnection connection = hosts.refresh(hostId);
            connected.accept(connection);
            Map<UUID, Long> versions = tx.execute(status -> vms.findVersionsByHostId(hostId).stream()
                    .collect(Collectors.toMap(VmVersion::id, VmVersion::version)));
            if (connection == null) {
                markUnknown(hostId);
                return null;
            }
            Map<UUID, DomainInfo> actual = new HashMap<>();
            try {
                connection.lifecycle().list().forEach(d -> actual.put(d.uuid(), d));
            } catch (HypervisorException e) {
                markUnknown(hostId);
                return null;
            }
            boolean firstSinceStart = !seen.contains(hostId);
            int[] redefined = {0};
            Set<UUID> notInInventory = tx.execute(status -> {
                Set<UUID> unknown = new HashSet<>(actual.keySet());
                for (Vm vm : vms.findByHostIdOrderByName(hostId)) {
                    unknown.remove(vm.id());
                    Long before = versions.get(vm.id());
                    if (vm.currentOperation() == null && before != null && before == vm.version()
                            && !bringInStep(vm, actual.get(vm.id()), connection, firstSinceStart)) {
                        redefined[0]++;
                    }
                }
                // the domains that are this host's VMs are known now; only the others are looked up (a VM
                // recorded on another host, as during a migration, or none: a domain the inventory does not hold)
                if (!unknown.isEmpty()) {
                    vms.findAllById(Set.copyOf(unknown)).forEach(vm -> unknown.remove(vm.id()));
                }
                return unknown;
            });
            seen.add(hostId);
            if (redefined[0] > 0) {
                log.info("Defined {} halted VM{} again on host {}: it did not have {} (an embedded host starts empty)",
                        redefined[0], redefined[0] == 1 ? "" : "s", hostId, redefined[0] == 1 ? "it" : "them");
            }
            Set<UUID> previous = unmanaged.put(hostId, notInInventory);
            if (previous == null ? !notInInventory.isEmpty() : !previous.equals(notInInventory)) {
                events.changed(ObjectType.HOST, hostId);
            }
            return connection;
        }
    }

    /** The host is gone: its VMs are forgotten here, the rest of the state is kept. */
    void forget(UUID hostId) {
        seen.remove(hostId);
        unmanaged.remove(hostId);
        locks.remove(hostId);
    }

    /** Returns false only for a halted VM the host lacked and has again, as it was (nothing to announce). */
    private boolean bringInStep(Vm vm, DomainInfo domain, HostConnection connection, boolean firstSinceStart) {
        if (domain == null) {
            if (!recovery.recover(vm, connection, firstSinceStart)) {
                return false;
            }
            events.changed(ObjectType.VM, vm.id());
        } else if (vm.restoreState() != null && domain.powerState() == PowerState.SUSPENDED) {
            recovery.resumeHeld(vm, connection);
            events.changed(ObjectType.VM, vm.id());
        } else if (vm.observed(domain.powerState())) {
            events.changed(ObjectType.VM, vm.id());
        }
        return true;
    }

    /** The host cannot be reached: its VMs' state is unknown (each told once, when it becomes so). */
    void markUnknown(UUID hostId) {
        tx.executeWithoutResult(status -> {
            List<Vm> onHost = vms.findByHostIdOrderByName(hostId);
            onHost.stream().filter(Vm::lostContact).forEach(vm -> events.changed(ObjectType.VM, vm.id()));
        });
    }
}
