package org.xensv.toolstack.event;

import java.util.UUID;

/** Something in the inventory was created, changed or deleted; tasks report progress as changes. */
public record InventoryEvent(Kind kind, ObjectType objectType, UUID id) {

    public enum Kind {
        CREATED, CHANGED, DELETED
    }

    public enum ObjectType {
        POOL, HOST, VM, TASK, NETWORK,
        // storage: repositories and images (a VM's disks change the VM)
        SR, IMAGE,
        // named QoS policies (editing one changes the VMs that use it too)
        QOS_POLICY
    }
}
