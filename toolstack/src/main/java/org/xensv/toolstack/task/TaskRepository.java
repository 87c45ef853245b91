package org.xensv.toolstack.task;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface TaskRepository extends JpaRepository<Task, UUID> {

    List<Task> findAllByOrderByCreatedAtDesc(Pageable page);

    List<Task> findByStatusIn(List<TaskStatus> statuses);

    long countByStatus(TaskStatus status);

    List<Task> findByObjectIdOrderByCreatedAtDesc(UUID objectId, Pageable page);
}
