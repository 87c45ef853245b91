package org.xensv.toolstack.network;

import java.util.UUID;

/**
 * What an admin fills in to add or edit a VIF: the network; the MAC (empty = generated in
 * 00:16:3e); the rate limit in xl's {@code rate=} syntax (empty = unlimited); the device index
 * (empty = the lowest free); the QoS policy (empty = none), whose NIC rate applies when the VIF has
 * no rate of its own.
 */
public record VifForm(UUID networkId, String mac, String rate, Integer device, UUID qosPolicyId) {

    /** A VIF without a QoS policy. */
    public VifForm(UUID networkId, String mac, String rate, Integer device) {
        this(networkId, mac, rate, device, null);
    }
}
