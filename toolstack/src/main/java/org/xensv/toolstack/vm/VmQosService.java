package org.xensv.toolstack.vm;

import org.xensv.toolstack.audit.Audited;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xensv.hypervisor.api.CpuQos;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.spi.DomainTuning;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.error.StaleObjectException;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.qos.QosPolicies;
import org.xensv.toolstack.qos.QosPolicyUsers;
import org.xensv.toolstack.qos.QosSettings;
import org.xensv.toolstack.qos.QosValue;

/**
 * A VM's CPU QoS (weight and cap): its own values, its QoS policy, and what applies. A change is
 * recorded, then given to the VM's host (live while it runs, in its definition otherwise) outside
 * any transaction; if the host refuses, the record is undone. Also the VMs' side of a policy edit.
 */
@Service
public class VmQosService implements QosPolicyUsers {

    private final VmRepository vms;
    private final QosPolicies policies;
    private final HostService hosts;
    private final EventBus events;
    private final TransactionTemplate tx;

    VmQosService(VmRepository vms, QosPolicies policies, HostService hosts, EventBus events, PlatformTransactionManager transactions) {
        this.vms = vms;
        this.policies = policies;
        this.hosts = hosts;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    public VmQosView get(UUID vmId) {
        return tx.execute(s -> view(find(vmId)));
    }

    @Audited("vm.set-qos")
    public VmQosView set(UUID vmId, VmQosForm form) {
        record Before(Integer weight, Integer cap, UUID policy, long version) {
        }
        Before before = tx.execute(s -> {
            Vm vm = find(vmId);
            StaleObjectException.check("VM", vm.name(), form.version(), vm.settingsVersion());
            check(vm, form);
            Before b = new Before(vm.ownCpuWeight(), vm.ownCpuCap(), vm.qosPolicyId(), vm.settingsVersion());
            vm.changeQos(form.cpuWeight(), form.cpuCap(), form.qosPolicyId());
            return b;
        });
        try {
            applyTo(vmId);
        } catch (RuntimeException e) {
            tx.executeWithoutResult(s -> find(vmId).undoQos(before.weight(), before.cap(), before.policy(), before.version()));
            throw e;
        }
        events.changed(ObjectType.VM, vmId);
        return get(vmId);
    }

    /** The CPU QoS that applies to the VM: its own values, else its policy's, else the defaults. */
    CpuQos effective(Vm vm) {
        QosSettings policy = policies.find(vm.qosPolicyId()).orElse(null);
        return new CpuQos(weight(vm, policy).value(), cap(vm, policy).value());
    }

    @Override
    public List<String> usersOf(UUID policyId) {
        return tx.execute(s -> vms.findByQosPolicyIdOrderByName(policyId).stream().map(vm -> "VM " + vm.name()).toList());
    }

    @Override
    public List<String> apply(UUID policyId) {
        List<Vm> users = tx.execute(s -> vms.findByQosPolicyIdOrderByName(policyId).stream()
                .filter(vm -> vm.ownCpuWeight() == null || vm.ownCpuCap() == null).toList());
        List<String> notApplied = new ArrayList<>();
        for (Vm vm : users) {
            try {
                applyTo(vm.id());
            } catch (RuntimeException e) {
                notApplied.add("VM " + vm.name() + " (" + e.getMessage() + ")");
            }
        }
        return notApplied;
    }

    private void applyTo(UUID vmId) {
        record Target(UUID hostId, String name, boolean unknown, String operation, CpuQos qos) {
        }
        Target t = tx.execute(s -> {
            Vm vm = find(vmId);
            return new Target(vm.hostId(), vm.name(), vm.stateUnknown(),
                    vm.currentOperation() == null ? null : vm.currentOperation().label(), effective(vm));
        });
        if (t.unknown()) {
            throw ConflictException.hostDisconnected(hosts.get(t.hostId()).name(),
                    "the CPU QoS of VM '" + t.name() + "' cannot change until it reconnects");
        }
        if (t.operation() != null) {
            throw ConflictException.operationInProgress(t.name(), t.operation());
        }
        hosts.connection(t.hostId()).require(DomainTuning.class, "changing CPU weight and cap").setCpuQos(vmId, t.qos());
    }

    private void check(Vm vm, VmQosForm form) {
        if (form.cpuWeight() != null && (form.cpuWeight() < 1 || form.cpuWeight() > 65535)) {
            throw new InvalidValueException("cpuWeight", form.cpuWeight(), "must be between 1 and 65535, or empty for none of its own");
        }
        int maxCap = 100 * vm.vcpus();
        if (form.cpuCap() != null && (form.cpuCap() < 0 || form.cpuCap() > maxCap)) {
            throw new InvalidValueException("cpuCap", form.cpuCap(), "must be between 0 (no cap) and " + maxCap
                    + " (100 per vCPU), or empty for none of its own");
        }
        policies.require(form.qosPolicyId(), "qosPolicyId");
    }

    private VmQosView view(Vm vm) {
        QosSettings policy = policies.find(vm.qosPolicyId()).orElse(null);
        return new VmQosView(vm.id(), vm.qosPolicyId(), policy == null ? null : policy.name(), vm.ownCpuWeight(),
                vm.ownCpuCap(), weight(vm, policy), cap(vm, policy), vm.settingsVersion());
    }

    private static QosValue<Integer> weight(Vm vm, QosSettings policy) {
        return QosValue.of(vm.ownCpuWeight(), "vm", policy, QosSettings::cpuWeight, CpuQos.DEFAULT.weight());
    }

    private static QosValue<Integer> cap(Vm vm, QosSettings policy) {
        return QosValue.of(vm.ownCpuCap(), "vm", policy, QosSettings::cpuCap, CpuQos.DEFAULT.capPercent());
    }

    private Vm find(UUID id) {
        return vms.findById(id).orElseThrow(() -> new NotFoundException("VM", id));
    }
}
