package org.xensv.toolstack.storage;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.pool.PoolRemoval;

/**
 * A pool being deleted lets go of its shared repositories when they hold no image (the directories
 * stay, as when one is deleted by hand); one that still holds images stops the deletion, naming them.
 */
@Component
class PoolStorageRelease implements PoolRemoval {

    private final SrRepository srs;
    private final ImageRepository images;
    private final EventBus events;

    PoolStorageRelease(SrRepository srs, ImageRepository images, EventBus events) {
        this.srs = srs;
        this.images = images;
        this.events = events;
    }

    @Override
    public void release(UUID poolId, String poolName) {
        List<StorageRepository> shared = srs.findAllByOrderByName().stream()
                .filter(sr -> sr.kind() == SrKind.SHARED && poolId.equals(sr.poolId())).toList();
        for (StorageRepository sr : shared) {
            List<String> names = images.findBySrIdOrderByName(sr.id()).stream().map(Image::name).toList();
            if (!names.isEmpty()) {
                throw new ConflictException("POOL_STORAGE_NOT_EMPTY", Map.of("pool", poolName, "sr", sr.name(), "images", names),
                        "Pool '" + poolName + "' still has image(s) on its shared storage '" + sr.name() + "': "
                                + String.join(", ", names) + "; delete them first.");
            }
        }
        for (StorageRepository sr : shared) {
            srs.delete(sr);
            events.deleted(ObjectType.SR, sr.id());
        }
        srs.flush();
    }
}
