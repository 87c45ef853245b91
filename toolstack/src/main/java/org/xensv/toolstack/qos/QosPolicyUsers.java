package org.xensv.toolstack.qos;

import java.util.List;
import java.util.UUID;

/**
 * The objects that can use a QoS policy, as the package that owns them knows them (VMs, VIFs,
 * VBDs): the QoS package asks through this interface, so it depends on none of them.
 */
public interface QosPolicyUsers {

    /** The objects using the policy, named for a person ("VM web1", "VIF 0 of web1", "disk xvda of web1"). */
    List<String> usersOf(UUID policyId);

    /**
     * Gives every object that uses the policy (and has no value of its own) the policy's current
     * values on its host: live on a running or paused VM, in its definition otherwise. Called after
     * the policy's change is committed, outside any transaction; answers what could not be applied.
     */
    List<String> apply(UUID policyId);
}
