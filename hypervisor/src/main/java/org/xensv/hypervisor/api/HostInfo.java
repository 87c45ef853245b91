package org.xensv.hypervisor.api;

/** What a host reports about itself. */
public record HostInfo(String name, String hypervisor, String version, int pcpus, long memoryMiB, long freeMemoryMiB) {
}
