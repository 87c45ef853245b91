package org.xensv.toolstack.storage;

import java.util.UUID;

/**
 * An image to attach to a VM, as typed. Null device = the next free one (xvda, xvdb... or hdc for a CD);
 * null mode = RO for an ISO, else RW; limits null or 0 = unlimited.
 */
public record VbdSpec(UUID imageId, String device, String mode, Boolean bootable, Boolean cdrom, Long iopsLimit,
                      Long mbpsLimit) {

    public static VbdSpec of(UUID imageId) {
        return new VbdSpec(imageId, null, null, null, null, null, null);
    }
}
