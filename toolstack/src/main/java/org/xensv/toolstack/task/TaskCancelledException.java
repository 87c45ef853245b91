package org.xensv.toolstack.task;

/** Thrown by a task body that stopped because cancel was asked. */
public final class TaskCancelledException extends RuntimeException {

    public TaskCancelledException() {
        super("Cancelled by the user.");
    }
}
