package org.xensv.toolstack.host;

import java.util.UUID;

/** What else must be empty before a host is forgotten (its local storage, say); refuses with the reason. */
public interface HostRemovalCheck {

    void checkRemovable(UUID hostId, String hostName);
}
