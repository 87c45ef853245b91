package org.xensv.toolstack.qos;

import java.util.UUID;

import org.xensv.hypervisor.api.RateLimit;

/**
 * What a policy sets, as the objects that use it read it: {@code nicRate} with its burst folded
 * into the refill interval; null = not set by the policy.
 */
public record QosSettings(UUID id, String name, RateLimit nicRate, Integer cpuWeight, Integer cpuCap, Long diskIops,
                          Long diskMBps) {

    /** Where a value of this policy comes from, as {@link QosValue#source()} says it. */
    public String source() {
        return QosValue.POLICY + name;
    }
}
