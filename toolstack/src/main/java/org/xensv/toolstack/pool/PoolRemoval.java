package org.xensv.toolstack.pool;

import java.util.UUID;

/**
 * What else a pool holds when its last host is gone (its shared storage, say): called inside the
 * deletion's transaction, it refuses with the reason, or lets go of what the pool held.
 */
public interface PoolRemoval {

    void release(UUID poolId, String poolName);
}
