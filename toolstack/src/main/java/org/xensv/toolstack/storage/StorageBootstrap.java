package org.xensv.toolstack.storage;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent;

/**
 * Gives every embedded host its local repository and every pool of them a shared one: once the
 * console is ready (after the embedded pool is made), and whenever a host is added later.
 */
@Component
class StorageBootstrap {

    private final StorageService storage;

    StorageBootstrap(StorageService storage, EventBus events) {
        this.storage = storage;
        events.subscribeLocal(event -> {
            if (event.kind() == InventoryEvent.Kind.CREATED && event.objectType() == InventoryEvent.ObjectType.HOST) {
                storage.ensureDefaultRepositories();
            }
        });
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        storage.ensureDefaultRepositories();
    }
}
