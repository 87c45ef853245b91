package org.xensv.toolstack.vm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * VM the host has lost (a host restarted) is defined again, halted.
 */
@Component
class VmReconciler {

    private static final Logger log = LoggerFactory.getLogger(VmReconciler.class);

    private final VmRepository vms;
    private final HostService hosts;
    private final EventBus events;
    private final TransactionTemplate tx;

    VmReconciler(VmRepository vms, HostService hosts, EventBus events, PlatformTransactionManager transactions) {
        this.vms = vms;
        this.hosts = hosts;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    @Scheduled(fixedDelayString = "${xensv.reconcile.interval:PT1S}", initialDelayString = "${xensv.reconcile.initial-delay:PT0S}")
    void reconcileAll() {
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
        tx.executeWithoutResult(status -> {
            HostConnection connection = hosts.refresh(hostId);
            List<Vm> onHost = vms.findByHostIdOrderByName(hostId);
            if (connection == null) {
                onHost.stream().filter(Vm::lostContact).forEach(vm -> events.changed(ObjectType.VM, vm.id()));
                return;
            }
            Map<UUID, DomainInfo> actual = new HashMap<>();
            try {
                connection.lifecycle().list().forEach(d -> actual.put(d.uuid(), d));
            } catch (HypervisorException e) {
                onHost.stream().filter(Vm::lostContact).forEach(vm -> events.changed(ObjectType.VM, vm.id()));
                return;
            }
            for (Vm vm : onHost) {
                if (vm.currentOperation() != null) {
                    continue;
                }
                DomainInfo domain = actual.get(vm.id());
                if (domain == null) {
                    connection.lifecycle().define(vm.config());
                    log.info("VM {} was missing on its host; defined it again, halted", vm.name());
                }
                PowerState state = domain == null ? PowerState.HALTED : domain.powerState();
                if (vm.observed(state)) {
                    events.changed(ObjectType.VM, vm.id());
                }
            }
        });
    }
}
