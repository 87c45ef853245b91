package org.xensv.toolstack.task;

/** What a task does; returns the result text (may be null). */
@FunctionalInterface
public interface TaskBody {

    String run(TaskContext context) throws Exception;
}
