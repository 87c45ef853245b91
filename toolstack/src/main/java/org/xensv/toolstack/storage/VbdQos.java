package org.xensv.toolstack.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xensv.hypervisor.api.DiskConfig;
import org.xensv.hypervisor.spi.DomainTuning;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.qos.QosPolicyUsers;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmView;

/**
 * The disks' side of QoS: gives a VBD's limits that apply (its own, else its policy's) to its VM's
 * host, live while the VM runs, when the VBD or its policy changes.
 */
@Component
class VbdQos implements QosPolicyUsers {

    private final VbdRepository vbds;
    private final StorageDisks disks;
    private final VmService vms;
    private final HostService hosts;
    private final TransactionTemplate tx;

    VbdQos(VbdRepository vbds, StorageDisks disks, VmService vms, HostService hosts, PlatformTransactionManager transactions) {
        this.vbds = vbds;
        this.disks = disks;
        this.vms = vms;
        this.hosts = hosts;
        this.tx = new TransactionTemplate(transactions);
    }

    private record Target(UUID vmId, String device, DiskConfig disk) {
    }

    @Override
    public List<String> usersOf(UUID policyId) {
        return tx.execute(s -> vbds.namesUsing(policyId));
    }

    @Override
    public List<String> apply(UUID policyId) {
        List<Target> targets = tx.execute(s -> vbds.findByQosPolicyId(policyId).stream()
                .filter(v -> v.iopsLimit() == 0 || v.mbpsLimit() == 0)
                .map(this::target).toList());
        List<String> notApplied = new ArrayList<>();
        for (Target target : targets) {
            VmView vm = vms.get(target.vmId());
            try {
                applyTo(vm, target);
            } catch (RuntimeException e) {
                notApplied.add("disk " + target.device() + " of " + vm.name() + " (" + e.getMessage() + ")");
            }
        }
        return notApplied;
    }

    /** Gives the VBD's host the limits that apply to it now; refused (with the reason) if the host cannot take them. */
    void applyTo(UUID vbdId) {
        Target target = tx.execute(s -> target(vbds.findById(vbdId).orElseThrow()));
        applyTo(vms.get(target.vmId()), target);
    }

    private Target target(Vbd vbd) {
        return new Target(vbd.vmId(), vbd.device(), disks.disk(vbd));
    }

    private void applyTo(VmView vm, Target target) {
        if (vm.stateUnknown()) {
            throw org.xensv.toolstack.error.ConflictException.hostDisconnected(vm.hostName(),
                    "the disk limits of VM '" + vm.name() + "' cannot change until it reconnects");
        }
        if (vm.currentOperation() != null) {
            throw org.xensv.toolstack.error.ConflictException.operationInProgress(vm.name(), vm.currentOperation().label());
        }
        hosts.connection(vm.hostId()).require(DomainTuning.class, "changing a disk's limits")
                .setDiskLimits(vm.id(), target.disk().path(), target.disk().iopsLimit(), target.disk().bytesPerSecondLimit());
    }
}
