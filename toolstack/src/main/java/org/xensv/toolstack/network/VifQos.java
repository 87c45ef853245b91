package org.xensv.toolstack.network;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xensv.hypervisor.api.RateLimit;
import org.xensv.hypervisor.spi.DomainTuning;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.qos.QosPolicyUsers;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmView;

/**
 * The VIFs' side of a QoS policy edit: each VIF that follows the policy (has no rate of its own)
 * gets the new rate on its VM's host, live while the VM runs.
 */
@Component
class VifQos implements QosPolicyUsers {

    private final VifRepository vifs;
    private final NetworkNics nics;
    private final VmService vms;
    private final HostService hosts;
    private final TransactionTemplate tx;

    VifQos(VifRepository vifs, NetworkNics nics, VmService vms, HostService hosts, PlatformTransactionManager transactions) {
        this.vifs = vifs;
        this.nics = nics;
        this.vms = vms;
        this.hosts = hosts;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public List<String> usersOf(UUID policyId) {
        return tx.execute(s -> vifs.namesUsing(policyId));
    }

    @Override
    public List<String> apply(UUID policyId) {
        record Target(UUID vmId, int device, String mac, RateLimit rate) {
        }
        List<Target> targets = tx.execute(s -> vifs.findByQosPolicyId(policyId).stream()
                .filter(v -> v.values().rate() == null)
                .map(v -> new Target(v.vmId(), v.values().device(), v.values().mac(), nics.rateOf(v.values()))).toList());
        List<String> notApplied = new ArrayList<>();
        for (Target target : targets) {
            VmView vm = vms.get(target.vmId());
            String what = "VIF " + target.device() + " of " + vm.name();
            try {
                if (vm.stateUnknown() || vm.currentOperation() != null) {
                    notApplied.add(what + " (" + (vm.stateUnknown() ? "host disconnected" : vm.currentOperation().label() + " in progress") + ")");
                    continue;
                }
                hosts.connection(vm.hostId()).require(DomainTuning.class, "changing a NIC's rate")
                        .setNicRate(vm.id(), target.mac(), target.rate());
            } catch (RuntimeException e) {
                notApplied.add(what + " (" + e.getMessage() + ")");
            }
        }
        return notApplied;
    }
}
