package org.xensv.toolstack.network;

import java.util.UUID;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.pool.PoolService;
import org.xensv.toolstack.pool.PoolView;

/**
 * Every pool has a network to plug VMs into: at start, each pool without a network (a database
 * older than V4, or the embedded pool just created) gets its default untagged one, and so does
 * every pool created later.
 */
@Component
class NetworkDefaults {

    private final NetworkService networks;
    private final PoolService pools;

    NetworkDefaults(NetworkService networks, PoolService pools, EventBus events) {
        this.networks = networks;
        this.pools = pools;
        events.subscribeLocal(this::onEvent);
    }

    @EventListener(ApplicationStartedEvent.class)
    void giveEveryPoolADefaultNetwork() {
        for (PoolView pool : pools.list()) {
            networks.ensureDefault(pool.id());
        }
    }

    private void onEvent(InventoryEvent event) {
        if (event.kind() == InventoryEvent.Kind.CREATED && event.objectType() == ObjectType.POOL) {
            UUID poolId = event.id();
            networks.ensureDefault(poolId);
        }
    }
}
