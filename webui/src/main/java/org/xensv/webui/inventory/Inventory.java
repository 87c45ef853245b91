package org.xensv.webui.inventory;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.pool.PoolView;
import org.xensv.toolstack.vm.VmCounts;
import org.xensv.toolstack.vm.VmView;

/**
 * What the console knows of the inventory at a glance, read in a few queries whatever the number of
 * VMs: the pools, the hosts and their tags, the templates (few, and shown whole), and how many VMs
 * each host holds and runs. The VMs themselves are not in it: the tree reads a host's VMs from the
 * database when it is expanded, a page at a time.
 */
public record Inventory(List<PoolView> pools, List<HostView> hosts, List<VmView> templates, Map<UUID, List<String>> hostTags,
                        Map<UUID, VmCounts> counts) {

    public static final Inventory EMPTY = new Inventory(List.of(), List.of(), List.of(), Map.of(), Map.of());

    public List<HostView> hostsOf(PoolView pool) {
        return hosts.stream().filter(h -> pool.id().equals(h.poolId())).toList();
    }

    /** The templates kept on the pool's hosts. */
    public List<VmView> templatesOf(PoolView pool) {
        List<UUID> hostIds = hostsOf(pool).stream().map(HostView::id).toList();
        return templates.stream().filter(t -> hostIds.contains(t.hostId())).toList();
    }

    public List<String> tagsOf(HostView host) {
        return hostTags.getOrDefault(host.id(), List.of());
    }

    /** How many VMs (templates not counted) the host holds and runs. */
    public VmCounts countsOf(HostView host) {
        return counts.getOrDefault(host.id(), VmCounts.NONE);
    }

    /** How many VMs the pool's hosts hold and run together. */
    public VmCounts countsOf(PoolView pool) {
        return hostsOf(pool).stream().map(this::countsOf).reduce(VmCounts.NONE, VmCounts::plus);
    }
}
