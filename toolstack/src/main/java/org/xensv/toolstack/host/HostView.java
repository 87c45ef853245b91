package org.xensv.toolstack.host;

import java.util.UUID;

public record HostView(UUID id, UUID poolId, String name, String uri, ConnectionState connection,
                       String connectionError, boolean maintenance, int pcpus, long memoryMiB, long freeMemoryMiB,
                       String hypervisor, String cpuModel) {

    public boolean connected() {
        return connection == ConnectionState.CONNECTED;
    }
}
