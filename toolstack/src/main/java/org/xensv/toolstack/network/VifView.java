package org.xensv.toolstack.network;

import java.util.UUID;

import org.xensv.toolstack.qos.QosValue;

/**
 * A VIF as the API and the console show it. {@code vlan} null = untagged. {@code plugged} says
 * whether the NIC is on its host's switch now (its VM is running or paused): changes to such a VIF
 * are made live (hot-plug); on a halted or suspended VM they are used at its next start or resume.
 * {@code rate} is the VIF's own (null = none); {@code effectiveRate} is the one that applies and where
 * it comes from: the VIF, its QoS policy or the default (null value = unlimited). {@code version} goes
 * back with an edit (or as If-Match) so a stale save is refused.
 */
public record VifView(UUID id, UUID vmId, int device, UUID networkId, String networkName, Integer vlan, String mac,
                      String rate, boolean plugged, UUID qosPolicyId, String qosPolicyName, QosValue<String> effectiveRate,
                      long version) {
}
