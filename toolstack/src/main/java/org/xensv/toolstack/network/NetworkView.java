package org.xensv.toolstack.network;

import java.util.List;
import java.util.UUID;

/**
 * A network as the API and the console show it: {@code vlan} null means untagged; {@code segment}
 * is the VLAN id its frames carry on the hosts' virtual switches; {@code usedBy} names the VMs with
 * a VIF on it; {@code version} goes back with an edit (or as If-Match) so a stale save is refused.
 */
public record NetworkView(UUID id, UUID poolId, String name, String description, Integer vlan, int segment, int mtu,
                          List<String> usedBy, long version) {

    public boolean tagged() {
        return vlan != null;
    }

    /** "VLAN 10" or "untagged", as the console shows it. */
    public String vlanLabel() {
        return vlan == null ? "untagged" : "VLAN " + vlan;
    }
}
