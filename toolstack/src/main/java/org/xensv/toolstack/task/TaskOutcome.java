package org.xensv.toolstack.task;

/** Called after a task's body ended, in a new transaction, to put the model in its final state. */
public interface TaskOutcome {

    void succeeded();

    void failed(Throwable cause);
}
