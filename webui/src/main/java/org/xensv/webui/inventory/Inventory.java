package org.xensv.webui.inventory;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.pool.PoolView;
import org.xensv.toolstack.vm.VmView;

/**
 * A snapshot of everything the tree shows, read from the toolstack services in one go: the VMs
 * with the templates among them ({@link VmView#template()}), and the hosts' tags (a VM's are in its view).
 */
public record Inventory(List<PoolView> pools, List<HostView> hosts, List<VmView> vms, Map<UUID, List<String>> hostTags) {

    public Inventory(List<PoolView> pools, List<HostView> hosts, List<VmView> vms) {
        this(pools, hosts, vms, Map.of());
    }

    public List<HostView> hostsOf(PoolView pool) {
        return hosts.stream().filter(h -> pool.id().equals(h.poolId())).toList();
    }

    /** The VMs of a host, templates not included. */
    public List<VmView> vmsOn(HostView host) {
        return vms.stream().filter(v -> !v.template() && host.id().equals(v.hostId())).toList();
    }

    /** The templates kept on the pool's hosts. */
    public List<VmView> templatesOf(PoolView pool) {
        List<UUID> hostIds = hostsOf(pool).stream().map(HostView::id).toList();
        return vms.stream().filter(v -> v.template() && hostIds.contains(v.hostId())).toList();
    }

    public List<String> tagsOf(HostView host) {
        return hostTags.getOrDefault(host.id(), List.of());
    }
}
