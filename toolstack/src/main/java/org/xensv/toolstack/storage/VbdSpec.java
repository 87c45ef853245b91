package org.xensv.toolstack.storage;

import java.util.UUID;

/**
 * An image to attach to a VM, as typed. Null device = the next free one (xvda, xvdb... or hdc for a CD);
 * null mode = RO for an ISO, else RW; limits null or 0 = none of its own (its QoS policy's apply, if
 * it has one, else unlimited); {@code qosPolicyId} null = no policy.
 */
public record VbdSpec(UUID imageId, String device, String mode, Boolean bootable, Boolean cdrom, Long iopsLimit,
                      Long mbpsLimit, UUID qosPolicyId) {

    /** A disk without a QoS policy. */
    public VbdSpec(UUID imageId, String device, String mode, Boolean bootable, Boolean cdrom, Long iopsLimit, Long mbpsLimit) {
        this(imageId, device, mode, bootable, cdrom, iopsLimit, mbpsLimit, null);
    }

    public static VbdSpec of(UUID imageId) {
        return new VbdSpec(imageId, null, null, null, null, null, null, null);
    }
}
