package org.xensv.toolstack.network;

import java.util.UUID;

/**
 * A VIF as the API and the console show it. {@code vlan} null = untagged. {@code plugged} says
 * whether the NIC is on its host's switch now (its VM is running or paused): changes to such a VIF
 * are made live (hot-plug); on a halted or suspended VM they are used at its next start or resume.
 */
public record VifView(UUID id, UUID vmId, int device, UUID networkId, String networkName, Integer vlan, String mac,
                      String rate, boolean plugged) {
}
