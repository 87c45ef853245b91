package org.xensv.toolstack.network;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.RateLimit;
import org.xensv.toolstack.vm.VmNics;

/** A VM's NICs for its domain config, in device order, each on its network's switch segment. */
@Component
class NetworkNics implements VmNics {

    private final VifRepository vifs;
    private final NetworkRepository networks;

    NetworkNics(VifRepository vifs, NetworkRepository networks) {
        this.vifs = vifs;
        this.networks = networks;
    }

    @Override
    @Transactional(readOnly = true)
    public List<NicConfig> of(UUID vmId) {
        return vifs.findByVmIdOrderByDevice(vmId).stream().map(vif -> {
            var v = vif.values();
            int segment = networks.findById(v.networkId()).orElseThrow().segment();
            return new NicConfig(v.mac(), segment, v.rate() == null ? null : RateLimit.parse(v.rate()));
        }).toList();
    }
}
