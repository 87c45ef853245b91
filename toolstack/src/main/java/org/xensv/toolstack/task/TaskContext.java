package org.xensv.toolstack.task;

import java.util.UUID;

/** Handed to a running task's body: report progress, publish a partial result, notice cancellation. */
public interface TaskContext {

    UUID taskId();

    void progress(double fraction);

    /** Replaces the task's result text (e.g. a JSON report that grows as the task runs). */
    void result(String text);

    boolean cancelRequested();

    /** Throws {@link TaskCancelledException} if cancel was asked. */
    default void checkCancelled() {
        if (cancelRequested()) {
            throw new TaskCancelledException();
        }
    }
}
