package org.xensv.toolstack.vm;

import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.audit.Audited;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.error.StaleObjectException;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.pool.PoolService;

/**
 * High-availability settings: each VM's restart priority and order (a settings change like its QoS,
 * refused when stale), and each pool's host-lost timeout. Only the database changes: HA reads them
 * when a host is lost.
 */
@Service
public class VmHaService {

    /** The longest host-lost timeout a pool may have: a day. */
    public static final int MAX_TIMEOUT_SECONDS = 86_400;

    private final VmRepository vms;
    private final HaStore store;
    private final PoolService pools;
    private final EventBus events;

    VmHaService(VmRepository vms, HaStore store, PoolService pools, EventBus events) {
        this.vms = vms;
        this.store = store;
        this.pools = pools;
        this.events = events;
    }

    @Transactional(readOnly = true)
    public VmHaView get(UUID vmId) {
        return view(find(vmId));
    }

    @Transactional
    @Audited("vm.set-ha")
    public VmHaView set(UUID vmId, VmHaForm form) {
        Vm vm = find(vmId);
        StaleObjectException.check("VM", vm.name(), form.version(), vm.settingsVersion());
        HaPriority priority = HaPriority.parse("restartPriority", form.restartPriority());
        int order = HaPriority.order("restartOrder", form.restartOrder());
        if (vm.template() && priority != null) {
            throw new InvalidValueException("restartPriority", form.restartPriority(), "must be empty for a template: a template never runs");
        }
        if (priority != vm.haPriority() || order != vm.haOrder()) {
            vm.changeHa(priority, order);
            vms.flush();
            events.changed(ObjectType.VM, vmId);
        }
        return view(vm);
    }

    @Transactional(readOnly = true)
    public PoolHaView pool(UUID poolId) {
        pools.get(poolId);
        var own = store.ownTimeout(poolId);
        return new PoolHaView(poolId, own.orElse(store.defaultTimeout()).toSeconds(), own.isEmpty());
    }

    /** Sets the pool's host-lost timeout in seconds (1..86400); null goes back to the console's default. */
    @Transactional
    @Audited("pool.set-ha")
    public PoolHaView setPool(UUID poolId, Integer hostLostTimeoutSeconds) {
        pools.get(poolId);
        if (hostLostTimeoutSeconds != null && (hostLostTimeoutSeconds < 1 || hostLostTimeoutSeconds > MAX_TIMEOUT_SECONDS)) {
            throw new InvalidValueException("hostLostTimeoutSeconds", hostLostTimeoutSeconds,
                    "must be between 1 and " + MAX_TIMEOUT_SECONDS + " seconds, or empty for the console's default");
        }
        store.setTimeout(poolId, hostLostTimeoutSeconds);
        events.changed(ObjectType.POOL, poolId);
        return pool(poolId);
    }

    private static VmHaView view(Vm vm) {
        return new VmHaView(vm.id(), vm.haPriority(), vm.haOrder(), vm.settingsVersion());
    }

    private Vm find(UUID id) {
        return vms.findById(id).orElseThrow(() -> new NotFoundException("VM", id));
    }
}
