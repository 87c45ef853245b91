package org.xensv.toolstack.task;

import java.util.List;
import java.util.UUID;

/**
 * Tasks that a console which has gone (stopped, crashed or lost its database session) left
 * unfinished were marked failed by another console: the objects they were about, so the operations
 * they held (a VM's current operation) can be cleared. Published as a Spring application event.
 */
public record TasksInterrupted(List<UUID> objectIds) {

    public TasksInterrupted {
        objectIds = List.copyOf(objectIds);
    }
}
