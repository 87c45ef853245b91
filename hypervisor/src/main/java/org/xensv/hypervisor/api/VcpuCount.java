package org.xensv.hypervisor.api;

/** Number of virtual CPUs of a domain: 1..128 (Xen's default HVM limit). */
public record VcpuCount(int value) {

    public static final int MAX = 128;

    public VcpuCount {
        if (value < 1 || value > MAX) {
            throw new InvalidValueException("vcpus", value, "must be between 1 and " + MAX);
        }
    }

    public static VcpuCount of(int value) {
        return new VcpuCount(value);
    }
}
