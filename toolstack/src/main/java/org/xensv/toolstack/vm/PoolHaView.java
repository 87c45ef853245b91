package org.xensv.toolstack.vm;

import java.util.UUID;

/**
 * A pool's high-availability settings: how long one of its hosts must stay unreachable before its
 * protected VMs are restarted elsewhere, and whether that is the pool's own value or the console's
 * default ({@code xensv.ha.host-lost-timeout}).
 */
public record PoolHaView(UUID poolId, long hostLostTimeoutSeconds, boolean defaultTimeout) {
}
