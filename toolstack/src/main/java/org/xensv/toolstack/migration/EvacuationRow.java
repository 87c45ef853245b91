package org.xensv.toolstack.migration;

import java.util.UUID;

/** What evacuating a host did with one of its VMs. */
public record EvacuationRow(UUID vmId, String vm, String action, String destination, Status status, String reason,
                            UUID taskId) {

    public enum Status {
        WAITING, MOVING, MOVED, FAILED, CANNOT_MOVE
    }

    EvacuationRow with(Status newStatus, String newReason, UUID newTaskId, String newDestination) {
        return new EvacuationRow(vmId, vm, action, newDestination, newStatus, newReason, newTaskId);
    }
}
