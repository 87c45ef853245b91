package org.xensv.toolstack.vm;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.DomainLifecycle;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.host.HostFencing;
import org.xensv.toolstack.task.TaskService;
import org.xensv.toolstack.task.TaskService.Subject;

/**
 * Fencing, the rule that no VM ever runs twice: a host that returns after high availability
 * restarted some of its VMs elsewhere still has their old copies, running if the host was only cut
 * off (a network partition, a frozen process), halted if it restarted. Before the host is recorded
 * connected, and so before the reconciler lists its domains or anything else is done on it, each
 * copy named by a fence is forced off and undefined; the fence goes only once that is done. A
 * failure keeps the host disconnected (see {@link HostFencing}). Each fenced copy is told in the
 * task list and as the VM's last event.
 */
@Component
class HaFencing implements HostFencing {

    private static final Logger log = LoggerFactory.getLogger(HaFencing.class);

    private final HaStore store;
    private final VmRepository vms;
    private final TaskService tasks;
    private final EventBus events;
    private final TransactionTemplate tx;

    HaFencing(HaStore store, VmRepository vms, TaskService tasks, EventBus events, PlatformTransactionManager transactions) {
        this.store = store;
        this.vms = vms;
        this.tasks = tasks;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public void fence(UUID hostId, String hostName, HostConnection connection) {
        List<HaStore.Fence> fences = tx.execute(s -> store.fences(hostId));
        if (fences.isEmpty()) {
            return;
        }
        DomainLifecycle lifecycle = connection.lifecycle();
        Map<UUID, DomainInfo> present;
        try {
            present = lifecycle.list().stream().collect(java.util.stream.Collectors.toMap(DomainInfo::uuid, d -> d));
        } catch (HypervisorException e) {
            throw failed(hostName, "listing its domains", e);
        }
        for (HaStore.Fence fence : fences) {
            DomainInfo copy = present.get(fence.vmId());
            boolean movedBack = Boolean.TRUE.equals(tx.execute(s -> vms.findById(fence.vmId())
                    .map(vm -> vm.hostId().equals(hostId)).orElse(false)));
            String what;
            if (movedBack) {
                // migrated back here deliberately since: the copy here is the VM, not a stale one
                copy = null;
                what = "the VM has since been moved back to it, so its copy there is kept";
            } else if (copy == null) {
                what = "it had no copy left";
            } else {
                try {
                    if (copy.powerState() != PowerState.HALTED) {
                        lifecycle.hardShutdown(fence.vmId());
                    }
                    lifecycle.undefine(fence.vmId());
                } catch (HypervisorException e) {
                    throw failed(hostName, "destroying the stale copy of VM '" + fence.vmName() + "'", e);
                }
                what = "its stale copy there (" + copy.powerState().label() + ") was destroyed and undefined";
            }
            record(hostId, hostName, fence, copy != null, what);
        }
    }

    private void record(UUID hostId, String hostName, HaStore.Fence fence, boolean hadCopy, String what) {
        tx.executeWithoutResult(s -> {
            store.removeFence(hostId, fence.vmId());
            Optional<Vm> vm = vms.findById(fence.vmId());
            String text = "Host '" + hostName + "' returned after high availability restarted VM '" + fence.vmName()
                    + "' elsewhere: " + what + " before anything else was done on the host (fencing)"
                    + (vm.isEmpty() ? "; the VM was deleted meanwhile." : ".");
            if (hadCopy) {
                vm.ifPresent(v -> {
                    v.event(text);
                    events.changed(ObjectType.VM, v.id());
                });
                tasks.record("Fence stale copy of VM on returning host",
                        new Subject("HA_FENCE", ObjectType.VM, fence.vmId(), fence.vmName()), text);
            }
            log.warn(text);
        });
    }

    private static ConflictException failed(String hostName, String doing, HypervisorException e) {
        return new ConflictException("HA_FENCING_FAILED", Map.of("host", hostName, "reason", e.getMessage()),
                "Host '" + hostName + "' is kept disconnected: fencing it failed while " + doing + " (" + e.getMessage()
                        + "); it is tried again at the next round.");
    }
}
