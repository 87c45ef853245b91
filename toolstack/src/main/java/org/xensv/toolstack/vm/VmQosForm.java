package org.xensv.toolstack.vm;

import java.util.UUID;

/**
 * A VM's CPU QoS as an admin sets it: its QoS policy (null = none) and values of its own (null =
 * none: the policy's apply, else Xen's defaults). Weight 1..65535; cap in percent of one pCPU,
 * 0..100 per vCPU (0 = no cap). Xen's defaults (weight 256, cap 0) count as "none of its own".
 */
public record VmQosForm(UUID qosPolicyId, Integer cpuWeight, Integer cpuCap) {
}
