package org.xensv.toolstack.storage;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An image as the API and the console show it, with the names of the VMs it is attached to. */
public record ImageView(UUID id, String name, String description, UUID srId, String srName, ImageFormat format,
                        long sizeBytes, boolean readOnly, List<String> attachedTo, Instant createdAt) {

    public long sizeMiB() {
        return (sizeBytes + (1 << 20) - 1) >> 20;
    }
}
