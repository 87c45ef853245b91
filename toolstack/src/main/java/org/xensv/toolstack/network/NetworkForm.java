package org.xensv.toolstack.network;

import java.util.UUID;

/**
 * What an admin fills in to create or edit a network: {@code vlan} null = untagged, {@code mtu}
 * null = 1500, {@code poolId} null = the only pool (ignored on edit: a network stays in its pool);
 * {@code version} the network's version the editor was opened on (null = not checked): a save on
 * an older version is refused as stale.
 */
public record NetworkForm(String name, String description, Integer vlan, Integer mtu, UUID poolId, Long version) {

    public static final int DEFAULT_MTU = 1500;

    /** A form that does not say which version it was opened on (a create, or a client that does not care). */
    public NetworkForm(String name, String description, Integer vlan, Integer mtu, UUID poolId) {
        this(name, description, vlan, mtu, poolId, null);
    }

    /** The same form, as opened on {@code openedVersion} (an API client's If-Match). */
    public NetworkForm opened(Long openedVersion) {
        return openedVersion == null ? this : new NetworkForm(name, description, vlan, mtu, poolId, openedVersion);
    }
}
