package org.xensv.toolstack.storage;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.host.HostRemovalCheck;

/** A host whose local storage still holds images is not forgotten: its images would be lost with it. */
@Component
class LocalStorageCheck implements HostRemovalCheck {

    private final SrRepository srs;
    private final ImageRepository images;

    LocalStorageCheck(SrRepository srs, ImageRepository images) {
        this.srs = srs;
        this.images = images;
    }

    @Override
    public void checkRemovable(UUID hostId, String hostName) {
        srs.findFirstByHostIdAndKind(hostId, SrKind.LOCAL).ifPresent(sr -> {
            List<String> names = images.findBySrIdOrderByName(sr.id()).stream().map(Image::name).toList();
            if (!names.isEmpty()) {
                throw new ConflictException("HOST_STORAGE_NOT_EMPTY", Map.of("host", hostName, "images", names),
                        "Host '" + hostName + "' still has image(s) on its local storage: " + String.join(", ", names)
                                + "; delete them first.");
            }
        });
    }
}
