package org.xensv.toolstack.network;

import java.util.UUID;

/**
 * What an admin fills in to add or edit a VIF: the network; the MAC (empty = generated in
 * 00:16:3e); the rate limit in xl's {@code rate=} syntax (empty = unlimited); the device index
 * (empty = the lowest free).
 */
public record VifForm(UUID networkId, String mac, String rate, Integer device) {
}
