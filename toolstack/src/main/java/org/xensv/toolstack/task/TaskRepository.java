package org.xensv.toolstack.task;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface TaskRepository extends JpaRepository<Task, UUID> {

    List<Task> findAllByOrderByCreatedAtDesc(Pageable page);

    List<Task> findByStatusIn(List<TaskStatus> statuses);

    List<Task> findByObjectIdOrderByCreatedAtDesc(UUID objectId, Pageable page);

    /**
     * The tasks not finished, each locked for this transaction, skipping those another console has
     * locked: two consoles sweeping at once never both settle one task (PostgreSQL).
     */
    @org.springframework.data.jpa.repository.Query(value = "SELECT * FROM task WHERE status IN ('PENDING', 'RUNNING')"
            + " FOR UPDATE SKIP LOCKED", nativeQuery = true)
    List<Task> lockUnfinished();

    /** The tasks this console runs that another console was asked to cancel. */
    @org.springframework.data.jpa.repository.Query("select t.id from Task t where t.cancelRequested = true"
            + " and t.consoleId = :consoleId and t.status in (org.xensv.toolstack.task.TaskStatus.PENDING, org.xensv.toolstack.task.TaskStatus.RUNNING)")
    List<UUID> cancelRequestedOn(String consoleId);
}
