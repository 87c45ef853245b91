package org.xensv.toolstack.network;

import java.util.UUID;

/**
 * What an admin fills in to create or edit a network: {@code vlan} null = untagged, {@code mtu}
 * null = 1500, {@code poolId} null = the only pool (ignored on edit: a network stays in its pool).
 */
public record NetworkForm(String name, String description, Integer vlan, Integer mtu, UUID poolId) {

    public static final int DEFAULT_MTU = 1500;
}
