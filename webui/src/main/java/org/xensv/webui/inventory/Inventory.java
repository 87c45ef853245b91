package org.xensv.webui.inventory;

import java.util.List;

import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.pool.PoolView;
import org.xensv.toolstack.vm.VmView;

/** A snapshot of everything the tree shows, read from the toolstack services in one go. */
public record Inventory(List<PoolView> pools, List<HostView> hosts, List<VmView> vms) {

    public List<HostView> hostsOf(PoolView pool) {
        return hosts.stream().filter(h -> pool.id().equals(h.poolId())).toList();
    }

    public List<VmView> vmsOn(HostView host) {
        return vms.stream().filter(v -> host.id().equals(v.hostId())).toList();
    }
}
