package org.xensv.toolstack.storage;

import java.util.UUID;

/** A VM's disk: mode RO or RW; limits 0 = unlimited; MB/s in 1,000,000 bytes per second. */
public record VbdView(UUID id, UUID vmId, UUID imageId, String imageName, long sizeBytes, String device, String mode,
                      boolean bootable, boolean cdrom, long iopsLimit, long mbpsLimit) {
}
