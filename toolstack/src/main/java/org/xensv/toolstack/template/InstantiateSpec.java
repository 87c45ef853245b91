package org.xensv.toolstack.template;

import java.util.UUID;

/**
 * A new VM copied from a template: its name (required, the VM rules), a description (empty = the
 * template's), the host (empty = the template's), vCPUs and memory (empty = the template's) and
 * whether to start it. The rest (type, guest image, CPU QoS, NICs with fresh MACs, disks cloned)
 * comes from the template.
 */
public record InstantiateSpec(String name, String description, UUID hostId, Integer vcpus, Long memoryMiB, Boolean start) {

    /** A copy with the template's description, host, vCPUs and memory. */
    public static InstantiateSpec named(String name, boolean start) {
        return new InstantiateSpec(name, null, null, null, null, start);
    }

    public boolean startAfterCreate() {
        return Boolean.TRUE.equals(start);
    }
}
