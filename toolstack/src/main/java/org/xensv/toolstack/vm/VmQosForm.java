package org.xensv.toolstack.vm;

import java.util.UUID;

/**
 * A VM's CPU QoS as an admin sets it: its QoS policy (null = none) and values of its own (null =
 * none: the policy's apply, else Xen's defaults). Weight 1..65535; cap in percent of one pCPU,
 * 0..100 per vCPU (0 = no cap). Xen's defaults (weight 256, cap 0) count as "none of its own".
 * {@code version}: the VM's settings version the form was opened on (null = not checked).
 */
public record VmQosForm(UUID qosPolicyId, Integer cpuWeight, Integer cpuCap, Long version) {

    /** A form that does not say which version of the VM's settings it was opened on: not checked. */
    public VmQosForm(UUID qosPolicyId, Integer cpuWeight, Integer cpuCap) {
        this(qosPolicyId, cpuWeight, cpuCap, null);
    }

    /** The same form, as opened on {@code openedVersion} (an API client's If-Match). */
    public VmQosForm opened(Long openedVersion) {
        return openedVersion == null ? this : new VmQosForm(qosPolicyId, cpuWeight, cpuCap, openedVersion);
    }
}
