package org.xensv.toolstack.host;

import java.util.UUID;

import org.xensv.hypervisor.spi.HostConnection;

/**
 * What must happen on a host that answers before it is recorded connected, and so before anything
 * is reconciled on it: high availability destroys there the stale copies of the VMs it restarted
 * elsewhere while the host was lost (fencing). Throws if that could not be done: the host then stays
 * disconnected, with the reason, and the next round tries again.
 */
public interface HostFencing {

    void fence(UUID hostId, String hostName, HostConnection connection);
}
