package org.xensv.toolstack.task;

/** A task's life: pending, running, then exactly one of success, failure or cancelled. */
public enum TaskStatus {
    PENDING, RUNNING, SUCCESS, FAILURE, CANCELLED;

    public boolean finished() {
        return this == SUCCESS || this == FAILURE || this == CANCELLED;
    }
}
