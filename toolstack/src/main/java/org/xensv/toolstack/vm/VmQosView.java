package org.xensv.toolstack.vm;

import java.util.UUID;

import org.xensv.toolstack.qos.QosValue;

/**
 * A VM's CPU QoS: its policy, its own values (null = none) and the values that apply, each with
 * where it comes from (the VM, its policy, or the default); {@code version}, the VM's settings version,
 * goes back with an edit (or as If-Match) so a stale save is refused.
 */
public record VmQosView(UUID vmId, UUID qosPolicyId, String qosPolicyName, Integer cpuWeight, Integer cpuCap,
                        QosValue<Integer> effectiveCpuWeight, QosValue<Integer> effectiveCpuCap, long version) {
}
