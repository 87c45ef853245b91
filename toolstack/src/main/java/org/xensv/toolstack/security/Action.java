package org.xensv.toolstack.security;

import java.util.EnumSet;
import java.util.Set;

import static org.xensv.toolstack.security.Role.ADMIN;
import static org.xensv.toolstack.security.Role.OPERATOR;

/**
 * The one table of who may change what. Every change the console or the API offers names one of these
 * actions; reading needs none (every role sees everything). The REST controllers and the views both ask
 * {@link Access} about these actions, so a role's rights are edited here and nowhere else.
 */
public enum Action {
    VM_POWER("start, stop, pause, suspend and reboot VMs", ADMIN, OPERATOR),
    VM_DESTROY("destroy VMs", ADMIN, OPERATOR),
    VM_CREATE("create VMs (blank, from a template or imported)", ADMIN, OPERATOR),
    VM_MIGRATE("migrate VMs", ADMIN, OPERATOR),
    VM_CONSOLE("type on the serial consoles of VMs and use their displays", ADMIN, OPERATOR),
    VM_DEVICES("change the NICs and disks of VMs", ADMIN, OPERATOR),
    VM_TAGS("tag VMs", ADMIN, OPERATOR),
    TASK_CANCEL("cancel tasks", ADMIN, OPERATOR),
    VM_QOS("change the QoS values of VMs, NICs and disks", ADMIN),
    VM_HA("change the high-availability protection of VMs", ADMIN),
    TEMPLATE_CREATE("turn VMs into templates", ADMIN),
    HOST_MANAGE("add and remove hosts and adopt their domains", ADMIN),
    HOST_MAINTENANCE("put hosts into maintenance and evacuate them", ADMIN),
    POOL_MANAGE("create and delete pools and change their high-availability settings", ADMIN),
    NETWORK_MANAGE("create, change and delete networks", ADMIN),
    STORAGE_MANAGE("manage storage repositories and images", ADMIN),
    QOS_POLICY_MANAGE("create, change and delete QoS policies", ADMIN),
    INFRASTRUCTURE_TAGS("tag hosts, networks and images", ADMIN),
    USER_MANAGE("manage users", ADMIN),
    /** A saved filter is the user's own search, seen by nobody else; a read-only user changes nothing, this included. */
    FILTER_SAVE("save and delete their own saved filters", ADMIN, OPERATOR);

    private final String description;
    private final Set<Role> roles;

    Action(String description, Role first, Role... rest) {
        this.description = description;
        this.roles = EnumSet.of(first, rest);
    }

    /** What the action does, as the end of "Your role may not ...". */
    public String description() {
        return description;
    }

    public boolean allowedTo(Role role) {
        return roles.contains(role);
    }

    /** The lowest role that may do this (named in a refusal). */
    public Role lowestRole() {
        Role lowest = ADMIN;
        for (Role role : roles) {
            if (!role.covers(lowest)) {
                lowest = role;
            }
        }
        return lowest;
    }
}
