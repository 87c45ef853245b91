package org.xensv.toolstack.template;

import java.util.UUID;

/**
 * A new VM copied from a template: its name (required, the VM rules), a description (empty = the
 * template's), the host (empty = the template's) and whether to start it. The rest (type, vCPUs,
 * memory, guest image, CPU QoS, NICs with fresh MACs, disks cloned) comes from the template.
 */
public record InstantiateSpec(String name, String description, UUID hostId, Boolean start) {

    public boolean startAfterCreate() {
        return Boolean.TRUE.equals(start);
    }
}
