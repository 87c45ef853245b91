package org.xensv.toolstack.pool;

import org.xensv.toolstack.audit.Audited;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;

@Service
public class PoolService {

    private final PoolRepository pools;
    private final EventBus events;
    private final List<PoolRemoval> removals;

    PoolService(PoolRepository pools, EventBus events, List<PoolRemoval> removals) {
        this.pools = pools;
        this.events = events;
        this.removals = removals;
    }

    @Transactional(readOnly = true)
    public List<PoolView> list() {
        return pools.findAllByOrderByName().stream().map(Pool::view).toList();
    }

    @Transactional(readOnly = true)
    public PoolView get(UUID id) {
        return pools.findById(id).map(Pool::view).orElseThrow(() -> new NotFoundException("pool", id));
    }

    @Transactional(readOnly = true)
    public boolean exists(UUID id) {
        return id != null && pools.existsById(id);
    }

    @Transactional
    @Audited("pool.create")
    public PoolView create(String name, String description) {
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new InvalidValueException("name", name, "must be 1 to 64 characters");
        }
        if (description != null && description.length() > 255) {
            throw new InvalidValueException("description", description.length() + " characters", "must be at most 255 characters");
        }
        if (pools.existsByNameIgnoreCase(name.strip())) {
            throw new InvalidValueException("name", name, "is already used by another pool");
        }
        Pool pool = pools.save(new Pool(name.strip(), description));
        events.created(ObjectType.POOL, pool.id());
        return pool.view();
    }

    /**
     * Deletes a pool that has no hosts left; its networks go with it (no VM uses them once its hosts
     * are gone) and its shared repositories if they hold no image (their directories stay).
     */
    @Transactional
    @Audited("pool.delete")
    public void delete(UUID id) {
        Pool pool = pools.findById(id).orElseThrow(() -> new NotFoundException("pool", id));
        long hostCount = pools.countHosts(id);
        if (hostCount > 0) {
            throw new ConflictException("POOL_NOT_EMPTY", Map.of("pool", pool.name(), "hosts", hostCount),
                    "Pool '" + pool.name() + "' still has " + hostCount + " host(s); remove them first.");
        }
        removals.forEach(removal -> removal.release(id, pool.name()));
        pools.delete(pool);
        events.deleted(ObjectType.POOL, id);
    }
}
