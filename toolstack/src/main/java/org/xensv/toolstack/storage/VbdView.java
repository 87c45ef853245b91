package org.xensv.toolstack.storage;

import java.util.UUID;

import org.xensv.toolstack.qos.QosValue;

/**
 * A VM's disk: mode RO or RW; {@code iopsLimit} and {@code mbpsLimit} its own limits (0 = none of its
 * own); MB/s in 1,000,000 bytes per second. {@code effectiveIops} and {@code effectiveMBps} are the
 * limits that apply (0 = unlimited) and where they come from: the VBD, its QoS policy or the default.
 * {@code version} goes back with a QoS edit (or as If-Match) so a stale save is refused.
 */
public record VbdView(UUID id, UUID vmId, UUID imageId, String imageName, long sizeBytes, String device, String mode,
                      boolean bootable, boolean cdrom, long iopsLimit, long mbpsLimit, UUID qosPolicyId,
                      String qosPolicyName, QosValue<Long> effectiveIops, QosValue<Long> effectiveMBps, long version) {
}
