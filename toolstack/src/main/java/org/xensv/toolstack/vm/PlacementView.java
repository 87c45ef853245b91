package org.xensv.toolstack.vm;

import java.util.UUID;

/**
 * Where placement would put a new VM: the host (null id and name when no host can take it) and the
 * reason as a sentence, naming the hosts passed over and why.
 */
public record PlacementView(UUID hostId, String hostName, String reason, String antiAffinityGroup) {

    static PlacementView of(Placement.Decision decision, String group) {
        return decision.found()
                ? new PlacementView(decision.host().id(), decision.host().name(), decision.reason(), group)
                : new PlacementView(null, null, decision.reason(), group);
    }

    public boolean found() {
        return hostId != null;
    }
}
