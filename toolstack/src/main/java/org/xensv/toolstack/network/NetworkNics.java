package org.xensv.toolstack.network;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.RateLimit;
import org.xensv.toolstack.network.Vif.VifValues;
import org.xensv.toolstack.qos.QosPolicies;
import org.xensv.toolstack.qos.QosSettings;
import org.xensv.toolstack.qos.QosValue;
import org.xensv.toolstack.vm.VmNics;

/**
 * A VM's NICs for its domain config, in device order, each on its network's switch segment with the
 * rate that applies to it (its own, else its QoS policy's).
 */
@Component
class NetworkNics implements VmNics {

    private final VifRepository vifs;
    private final NetworkRepository networks;
    private final QosPolicies policies;

    NetworkNics(VifRepository vifs, NetworkRepository networks, QosPolicies policies) {
        this.vifs = vifs;
        this.networks = networks;
        this.policies = policies;
    }

    /** The rate the VIF's NIC gets: its own, else its QoS policy's; null = unlimited. */
    RateLimit rateOf(VifValues values) {
        if (values.rate() != null) {
            return RateLimit.parse(values.rate());
        }
        return policies.find(values.qosPolicyId()).map(QosSettings::nicRate).orElse(null);
    }

    /** The rate that applies, as text, and where it comes from (null value = unlimited). */
    static QosValue<String> effectiveRate(VifValues values, QosSettings policy) {
        return QosValue.of(values.rate(), "vif", policy, p -> p.nicRate() == null ? null : p.nicRate().toString(), null);
    }

    @Override
    @Transactional(readOnly = true)
    public List<NicConfig> of(UUID vmId) {
        return vifs.findByVmIdOrderByDevice(vmId).stream().map(vif -> {
            var v = vif.values();
            int segment = networks.findById(v.networkId()).orElseThrow().segment();
            return new NicConfig(v.mac(), segment, rateOf(v));
        }).toList();
    }
}
