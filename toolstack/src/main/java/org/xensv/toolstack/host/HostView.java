package org.xensv.toolstack.host;

import java.time.Instant;
import java.util.UUID;

/**
 * A host as the API and the console show it. {@code connectionError} is why it is disconnected
 * (null while connected); {@code lastError} and {@code lastErrorAt} are the last reason its
 * connection failed and when, kept once it is connected again (null if it never failed);
 * {@code agentVersion} is its host agent's version ("" for a host reached without one).
 */
public record HostView(UUID id, UUID poolId, String name, String uri, ConnectionState connection,
                       String connectionError, boolean maintenance, int pcpus, long memoryMiB, long freeMemoryMiB,
                       String hypervisor, String cpuModel, String lastError, Instant lastErrorAt, String agentVersion) {

    /** A host that never failed and is reached without an agent. */
    public HostView(UUID id, UUID poolId, String name, String uri, ConnectionState connection, String connectionError,
                    boolean maintenance, int pcpus, long memoryMiB, long freeMemoryMiB, String hypervisor, String cpuModel) {
        this(id, poolId, name, uri, connection, connectionError, maintenance, pcpus, memoryMiB, freeMemoryMiB, hypervisor,
                cpuModel, null, null, "");
    }

    public boolean connected() {
        return connection == ConnectionState.CONNECTED;
    }

    /** The same host with this much memory free (a plan that counts memory promised to VMs on their way). */
    public HostView withFreeMemoryMiB(long free) {
        return new HostView(id, poolId, name, uri, connection, connectionError, maintenance, pcpus, memoryMiB, free,
                hypervisor, cpuModel, lastError, lastErrorAt, agentVersion);
    }

    /**
     * What runs a VM on this host, for the rule that a VM moves only between hosts of one kind: the
     * embedded runtime (embedded hosts and host agents alike) or libvirt with one hypervisor (QEMU to
     * QEMU, Xen to Xen).
     */
    public String runtime() {
        String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')) : uri;
        if (scheme.equals("embedded") || scheme.startsWith("xensv")) {
            return EMBEDDED_RUNTIME;
        }
        return "libvirt" + (hypervisor == null || hypervisor.isBlank() ? "" : " (" + hypervisor + ")");
    }

    /** The {@link #runtime()} of embedded hosts and host agents: the only one that runs the guest workloads. */
    public static final String EMBEDDED_RUNTIME = "the embedded runtime";
}
