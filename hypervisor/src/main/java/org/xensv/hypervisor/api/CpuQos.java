package org.xensv.hypervisor.api;

/**
 * Credit scheduler parameters: weight 1..65535 (default 256) and cap in percent of one pCPU
 * (0 = no cap, at most 100 per vCPU).
 */
public record CpuQos(int weight, int capPercent) {

    public static final CpuQos DEFAULT = new CpuQos(256, 0);

    public CpuQos {
        if (weight < 1 || weight > 65535) {
            throw new InvalidValueException("weight", weight, "must be between 1 and 65535");
        }
        if (capPercent < 0 || capPercent > 100 * VcpuCount.MAX) {
            throw new InvalidValueException("cap", capPercent, "must be between 0 (no cap) and " + 100 * VcpuCount.MAX);
        }
    }
}
