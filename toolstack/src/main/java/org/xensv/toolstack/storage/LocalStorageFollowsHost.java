package org.xensv.toolstack.storage;

import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.xensv.toolstack.host.HostMoveListener;

/**
 * A host's local repository belongs to the host's pool: it moves with the host. Once the move is
 * committed, the new pool gets its default shared repository if it has none (as a pool of embedded
 * hosts always does), so the host reaches shared storage there too.
 */
@Component
class LocalStorageFollowsHost implements HostMoveListener {

    private final SrRepository srs;
    /** Looked up when needed: the storage service stands on the host service, which calls this listener. */
    private final ObjectProvider<StorageService> storage;

    LocalStorageFollowsHost(SrRepository srs, ObjectProvider<StorageService> storage) {
        this.srs = srs;
        this.storage = storage;
    }

    @Override
    public void movedToPool(UUID hostId, UUID poolId) {
        srs.findFirstByHostIdAndKind(hostId, SrKind.LOCAL).ifPresent(sr -> sr.movedToPool(poolId));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    storage.getObject().ensureDefaultRepositories();
                }
            });
        } else {
            storage.getObject().ensureDefaultRepositories();
        }
    }
}
