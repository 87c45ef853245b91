package org.xensv.toolstack.network;

import org.xensv.toolstack.audit.Audited;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.RateLimit;
import org.xensv.hypervisor.spi.DomainNics;
import org.xensv.hypervisor.spi.DomainTuning;
import org.xensv.toolstack.qos.QosPolicies;
import org.xensv.toolstack.qos.QosSettings;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.error.StaleObjectException;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.network.Vif.VifValues;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmSpec;
import org.xensv.toolstack.task.TaskView;
import org.xensv.hypervisor.api.Operation;
import org.xensv.toolstack.vm.VmView;

/**
 * A VM's VIFs. Each change is checked in full first, then made on the host (hot-plug while the VM
 * runs or is paused, its config otherwise) outside any transaction, and recorded; if the host
 * refuses, the record is undone, so a refused change leaves nothing behind.
 */
@Service
public class VifService {

    static final int MAX_DEVICE = 63;

    private final VifRepository vifs;
    private final NetworkRepository networks;
    private final VmService vms;
    private final HostService hosts;
    private final EventBus events;
    private final TransactionTemplate tx;
    private final NetworkNics nics;
    private final QosPolicies policies;

    VifService(VifRepository vifs, NetworkRepository networks, VmService vms, HostService hosts, EventBus events,
               PlatformTransactionManager transactions, NetworkNics nics, QosPolicies policies) {
        this.nics = nics;
        this.policies = policies;
        this.vifs = vifs;
        this.networks = networks;
        this.vms = vms;
        this.hosts = hosts;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    public List<VifView> list(UUID vmId) {
        VmView vm = vms.get(vmId);
        return tx.execute(s -> {
            Map<UUID, Network> byId = networks.findAll().stream().collect(Collectors.toMap(Network::id, Function.identity()));
            Map<UUID, QosSettings> byPolicy = policies.all();
            return vifs.findByVmIdOrderByDevice(vmId).stream()
                    .map(v -> view(v, byId.get(v.values().networkId()), byPolicy.get(v.values().qosPolicyId()), vm)).toList();
        });
    }

    @Audited("vif.add")
    public VifView add(UUID vmId, VifForm form) {
        VmView vm = vms.get(vmId);
        DomainNics host = changeable(vm);
        UUID poolId = hosts.get(vm.hostId()).poolId();
        Vif created = tx.execute(s -> {
            VifValues values = check(vmId, poolId, form, null);
            return saved(() -> vifs.saveAndFlush(new Vif(vmId, poolId, values)), values);
        });
        try {
            host.plugNic(vmId, nic(created.values()));
        } catch (RuntimeException e) {
            tx.executeWithoutResult(s -> vifs.deleteById(created.id()));
            throw e;
        }
        events.changed(ObjectType.VM, vmId);
        return view(created, vm);
    }

    @Audited("vif.update")
    public VifView update(UUID vmId, UUID vifId, VifForm form) {
        VmView vm = vms.get(vmId);
        DomainNics host = changeable(vm);
        UUID poolId = hosts.get(vm.hostId()).poolId();
        Vif vif = find(vmId, vifId);
        stale(vif, form); // before the host is touched
        VifValues before = vif.values();
        VifValues after = tx.execute(s -> check(vmId, poolId, form, vifId));
        NicConfig oldNic = nic(before);
        NicConfig newNic = nic(after);
        // only the rate changed: set live where the driver can, else unplug and plug again
        DomainTuning tuning = oldNic.mac().equals(newNic.mac()) && oldNic.vlan() == newNic.vlan()
                ? hosts.connection(vm.hostId()).find(DomainTuning.class).orElse(null) : null;
        boolean rateOnly = !oldNic.equals(newNic) && tuning != null;
        boolean replug = !oldNic.equals(newNic) && !rateOnly;
        if (rateOnly) {
            tuning.setNicRate(vmId, newNic.mac(), newNic.rateLimit());
        }
        if (replug) {
            host.unplugNic(vmId, oldNic.mac());
            try {
                host.plugNic(vmId, newNic);
            } catch (RuntimeException e) {
                host.plugNic(vmId, oldNic);
                throw e;
            }
        }
        Vif changed;
        try {
            changed = tx.execute(s -> {
                Vif current = find(vmId, vifId);
                stale(current, form); // and again as it is saved: someone may have saved in between
                current.change(after);
                return saved(() -> vifs.saveAndFlush(current), after);
            });
        } catch (RuntimeException e) {
            if (replug) {
                host.unplugNic(vmId, newNic.mac());
                host.plugNic(vmId, oldNic);
            }
            if (rateOnly) {
                tuning.setNicRate(vmId, oldNic.mac(), oldNic.rateLimit());
            }
            throw e;
        }
        events.changed(ObjectType.VM, vmId);
        return view(changed, vm);
    }

    private static void stale(Vif vif, VifForm form) {
        StaleObjectException.check("NIC", "eth" + vif.values().device(), form.version(), vif.version());
    }

    @Audited("vif.remove")
    public void remove(UUID vmId, UUID vifId) {
        VmView vm = vms.get(vmId);
        DomainNics host = changeable(vm);
        Vif vif = find(vmId, vifId);
        host.unplugNic(vmId, vif.values().mac());
        tx.executeWithoutResult(s -> vifs.deleteById(vifId));
        events.changed(ObjectType.VM, vmId);
    }

    /**
     * The checks {@link #add} makes, without adding anything: for the New VM wizard, which checks
     * its NICs before it creates the VM. {@code taken} holds the MACs the wizard already chose.
     */
    public void checkForNewVm(UUID hostId, VifForm form, java.util.Set<String> taken) {
        UUID poolId = hosts.get(hostId).poolId();
        tx.executeWithoutResult(s -> {
            VifValues values = check(null, poolId, form, null);
            if (taken.contains(values.mac())) {
                throw new InvalidValueException("mac", values.mac(), "is already given to another NIC of this VM");
            }
        });
    }

    /**
     * Creates a VM with NICs (the New VM wizard): the NICs are checked first, the VM is created
     * halted, its VIFs added, then it is started if asked. Should a VIF still be refused (a MAC
     * taken in between), the new VM is destroyed again and the refusal passed on.
     */
    @Audited("vm.create")
    public VmService.Created createVm(VmSpec spec, List<VifForm> nics) {
        if (nics.isEmpty()) {
            return vms.create(spec);
        }
        if (spec.hostId() == null) {
            throw new InvalidValueException("hostId", null, "must name the host when the VM is created with NICs");
        }
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (VifForm nic : nics) {
            checkForNewVm(spec.hostId(), nic, taken);
            if (nic.mac() != null && !nic.mac().isBlank()) {
                taken.add(MacAddresses.normalise(nic.mac()));
            }
        }
        VmService.Created created = vms.create(spec.withStart(false));
        UUID id = created.vm().id();
        try {
            for (VifForm nic : nics) {
                add(id, nic);
            }
        } catch (RuntimeException e) {
            vms.perform(id, Operation.DESTROY);
            throw e;
        }
        TaskView start = spec.startAfterCreate() ? vms.perform(id, Operation.START) : null;
        return new VmService.Created(vms.get(id), created.createTask(), start);
    }

    /** A VM whose VIFs can change now: not busy, its host reachable, its driver able to plug NICs. */
    private DomainNics changeable(VmView vm) {
        if (vm.currentOperation() != null) {
            throw ConflictException.operationInProgress(vm.name(), vm.currentOperation().label());
        }
        if (vm.stateUnknown()) {
            throw ConflictException.hostDisconnected(vm.hostName(), "the VIFs of VM '" + vm.name() + "' cannot change until it reconnects");
        }
        return hosts.connection(vm.hostId()).require(DomainNics.class,
                "plugging and unplugging NICs (VIFs of VM '" + vm.name() + "' cannot change on this host)");
    }

    private VifValues check(UUID vmId, UUID poolId, VifForm form, UUID self) {
        if (form.networkId() == null) {
            throw new InvalidValueException("networkId", null, "must name the network to plug the VIF into");
        }
        Network network = networks.findById(form.networkId())
                .orElseThrow(() -> new InvalidValueException("networkId", form.networkId(), "must name an existing network"));
        if (!network.poolId().equals(poolId)) {
            throw new InvalidValueException("networkId", network.name(), "belongs to another pool than the VM's host");
        }
        String mac;
        if (form.mac() == null || form.mac().isBlank()) {
            mac = self == null ? MacAddresses.generate(m -> vifs.existsByPoolIdAndMac(poolId, m)) : find(vmId, self).values().mac();
        } else {
            mac = MacAddresses.normalise(form.mac());
            boolean taken = self == null ? vifs.existsByPoolIdAndMac(poolId, mac) : vifs.existsByPoolIdAndMacAndIdNot(poolId, mac, self);
            if (taken) {
                throw new InvalidValueException("mac", mac, "is already used by another VIF in this pool");
            }
        }
        String rate = form.rate() == null || form.rate().isBlank() ? null : form.rate().strip();
        if (rate != null) {
            RateLimit.parse(rate);
        }
        QosSettings policy = policies.require(form.qosPolicyId(), "qosPolicyId");
        List<Vif> siblings = vmId == null ? List.of()
                : vifs.findByVmIdOrderByDevice(vmId).stream().filter(v -> !v.id().equals(self)).toList();
        var used = siblings.stream().map(v -> v.values().device()).collect(Collectors.toSet());
        int device;
        if (form.device() == null) {
            device = 0;
            while (used.contains(device)) {
                device++;
            }
        } else {
            device = form.device();
            if (device < 0 || device > MAX_DEVICE) {
                throw new InvalidValueException("device", device, "must be between 0 and " + MAX_DEVICE);
            }
            if (used.contains(device)) {
                throw new InvalidValueException("device", device, "is already used by another VIF of this VM");
            }
        }
        if (device > MAX_DEVICE) {
            throw new InvalidValueException("device", device, "must be between 0 and " + MAX_DEVICE + ": the VM has no free device index");
        }
        return new VifValues(network.id(), device, mac, rate, policy == null ? null : policy.id());
    }

    /** Saves, answering a lost race on a unique constraint as the check would have. */
    private static Vif saved(java.util.function.Supplier<Vif> save, VifValues values) {
        try {
            return save.get();
        } catch (DataIntegrityViolationException e) {
            throw new InvalidValueException("mac", values.mac(), "is already used by another VIF in this pool, or device "
                    + values.device() + " by another VIF of this VM");
        }
    }

    NicConfig nic(VifValues values) {
        Network network = networks.findById(values.networkId()).orElseThrow(() -> new NotFoundException("network", values.networkId()));
        return new NicConfig(values.mac(), network.segment(), nics.rateOf(values));
    }

    private Vif find(UUID vmId, UUID vifId) {
        return vifs.findById(vifId).filter(v -> Objects.equals(v.vmId(), vmId)).orElseThrow(() -> new NotFoundException("VIF", vifId));
    }

    private VifView view(Vif vif, VmView vm) {
        return view(vif, networks.findById(vif.values().networkId()).orElse(null),
                policies.find(vif.values().qosPolicyId()).orElse(null), vm);
    }

    private VifView view(Vif vif, Network network, QosSettings policy, VmView vm) {
        VifValues v = vif.values();
        boolean plugged = vm.powerState() == PowerState.RUNNING || vm.powerState() == PowerState.PAUSED;
        return new VifView(vif.id(), vif.vmId(), v.device(), v.networkId(), network == null ? "" : network.name(),
                network == null ? null : network.vlan(), v.mac(), v.rate(), plugged, v.qosPolicyId(),
                policy == null ? null : policy.name(), NetworkNics.effectiveRate(v, policy), vif.version());
    }
}
