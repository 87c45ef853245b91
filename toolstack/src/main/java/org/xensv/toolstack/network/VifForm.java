package org.xensv.toolstack.network;

import java.util.UUID;

/**
 * What an admin fills in to add or edit a VIF: the network; the MAC (empty = generated in
 * 00:16:3e); the rate limit in xl's {@code rate=} syntax (empty = unlimited); the device index
 * (empty = the lowest free); the QoS policy (empty = none), whose NIC rate applies when the VIF has
 * no rate of its own; on edit, {@code version} is the VIF's version the form was opened on (null = not
 * checked): a save on an older one is refused as stale.
 */
public record VifForm(UUID networkId, String mac, String rate, Integer device, UUID qosPolicyId, Long version) {

    /** A form that does not say which version it was opened on (an add, or a client that does not care). */
    public VifForm(UUID networkId, String mac, String rate, Integer device, UUID qosPolicyId) {
        this(networkId, mac, rate, device, qosPolicyId, null);
    }

    /** A VIF without a QoS policy. */
    public VifForm(UUID networkId, String mac, String rate, Integer device) {
        this(networkId, mac, rate, device, null, null);
    }

    /** The same form, as opened on {@code openedVersion} (an API client's If-Match). */
    public VifForm opened(Long openedVersion) {
        return openedVersion == null ? this : new VifForm(networkId, mac, rate, device, qosPolicyId, openedVersion);
    }
}
