package org.xensv.hypervisor.api;

/**
 * What a host reports about itself; {@code cpuModel} is "" where the host does not say, and
 * {@code agentVersion} is the version of the xensv host agent that answers for it ("" for a host
 * reached without one: an embedded host, a libvirt host).
 */
public record HostInfo(String name, String hypervisor, String version, int pcpus, long memoryMiB, long freeMemoryMiB,
                       String cpuModel, String agentVersion) {

    public HostInfo {
        cpuModel = cpuModel == null ? "" : cpuModel;
        agentVersion = agentVersion == null ? "" : agentVersion;
    }

    /** A host reached without an agent. */
    public HostInfo(String name, String hypervisor, String version, int pcpus, long memoryMiB, long freeMemoryMiB,
                    String cpuModel) {
        this(name, hypervisor, version, pcpus, memoryMiB, freeMemoryMiB, cpuModel, "");
    }

    /** A host that does not report its CPU model. */
    public HostInfo(String name, String hypervisor, String version, int pcpus, long memoryMiB, long freeMemoryMiB) {
        this(name, hypervisor, version, pcpus, memoryMiB, freeMemoryMiB, "");
    }
}
