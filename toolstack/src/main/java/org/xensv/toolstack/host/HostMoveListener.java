package org.xensv.toolstack.host;

import java.util.UUID;

/**
 * What follows a host into another pool (its local storage, say). Called inside the move's
 * transaction, once the host's row names the new pool; a refusal rolls the move back.
 */
public interface HostMoveListener {

    void movedToPool(UUID hostId, UUID poolId);
}
