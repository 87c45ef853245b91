package org.xensv.webui.inventory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.pool.PoolView;
import org.xensv.toolstack.vm.VmCounts;
import org.xensv.toolstack.vm.VmQuery;
import org.xensv.webui.inventory.InventoryNode.HostNode;
import org.xensv.webui.inventory.InventoryNode.PoolNode;
import org.xensv.webui.inventory.InventoryNode.TemplatesNode;
import org.xensv.webui.inventory.InventoryNode.VmNode;

/**
 * What the tree shows for one search, down to the hosts: the pools and hosts shown, each host's
 * VMs as a query (answered in SQL, a page at a time, when the host is expanded) with how many it
 * matches, and each pool's templates. Nothing in it grows with the number of VMs.
 *
 * @param pools     the pools shown, in order
 * @param under     each pool's children shown: its hosts, then its Templates folder if any
 * @param vmsOf     each shown host's VMs, as the query that lists them
 * @param countsOf  how many VMs each shown host lists (and how many of them run)
 * @param templates each pool's templates shown
 */
record InventoryLayout(List<PoolNode> pools, Map<UUID, List<InventoryNode>> under, Map<UUID, VmQuery> vmsOf,
                       Map<UUID, VmCounts> countsOf, Map<UUID, List<VmNode>> templates) {

    static final InventoryLayout EMPTY = new InventoryLayout(List.of(), Map.of(), Map.of(), Map.of(), Map.of());

    /**
     * @param matches how many VMs the search matches on each host (the inventory's own counts when
     *                there is no search)
     */
    static InventoryLayout of(Inventory inventory, InventoryFilter filter, Map<UUID, VmCounts> matches) {
        List<PoolNode> pools = new ArrayList<>();
        Map<UUID, List<InventoryNode>> under = new HashMap<>();
        Map<UUID, VmQuery> vmsOf = new HashMap<>();
        Map<UUID, VmCounts> countsOf = new HashMap<>();
        Map<UUID, List<VmNode>> templates = new HashMap<>();
        for (PoolView pool : inventory.pools()) {
            List<InventoryNode> children = new ArrayList<>();
            for (HostView host : inventory.hostsOf(pool)) {
                boolean whole = filter.isEmpty() || filter.matchesHost(host.name(), inventory.tagsOf(host));
                VmCounts counts = whole ? inventory.countsOf(host) : matches.getOrDefault(host.id(), VmCounts.NONE);
                if (!whole && counts.vms() == 0) {
                    continue;
                }
                children.add(new HostNode(host));
                vmsOf.put(host.id(), (whole ? VmQuery.all() : filter.query()).onHost(host.id()));
                countsOf.put(host.id(), counts);
            }
            List<VmNode> shownTemplates = inventory.templatesOf(pool).stream()
                    .filter(t -> filter.matchesTemplate(t.name(), t.tags())).map(VmNode::new).toList();
            if (!shownTemplates.isEmpty()) {
                children.add(new TemplatesNode(pool));
                templates.put(pool.id(), shownTemplates);
            }
            if (filter.isEmpty() || !children.isEmpty()) {
                pools.add(new PoolNode(pool));
                under.put(pool.id(), children);
            }
        }
        return new InventoryLayout(pools, under, vmsOf, countsOf, templates);
    }

    List<InventoryNode> childrenOf(PoolNode pool) {
        return under.getOrDefault(pool.id(), List.of());
    }

    List<VmNode> templatesOf(TemplatesNode folder) {
        return templates.getOrDefault(folder.pool().id(), List.of());
    }

    VmCounts countsOf(HostNode host) {
        return countsOf.getOrDefault(host.id(), VmCounts.NONE);
    }

    /** Whether the same pools, hosts and folders stand in the same places (their contents may differ). */
    boolean sameShape(InventoryLayout other) {
        return pools.equals(other.pools) && under.equals(other.under);
    }
}
