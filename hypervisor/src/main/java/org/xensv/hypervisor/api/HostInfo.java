package org.xensv.hypervisor.api;

/** What a host reports about itself; {@code cpuModel} is "" where the host does not say. */
public record HostInfo(String name, String hypervisor, String version, int pcpus, long memoryMiB, long freeMemoryMiB,
                       String cpuModel) {

    public HostInfo {
        cpuModel = cpuModel == null ? "" : cpuModel;
    }

    /** A host that does not report its CPU model. */
    public HostInfo(String name, String hypervisor, String version, int pcpus, long memoryMiB, long freeMemoryMiB) {
        this(name, hypervisor, version, pcpus, memoryMiB, freeMemoryMiB, "");
    }
}
