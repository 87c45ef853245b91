package org.xensv.toolstack.task;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent;

/**
 * Clients waiting for a task to finish ({@code GET /api/v1/tasks/{id}?waitSeconds=N}): one request
 * held open until the task has finished or the wait is over, answered with the task as it is then,
 * instead of a poll every fraction of a second, each of which the console answers with a pass
 * through the security chain and a database read, on the same CPUs as the work it waits for. As
 * XenAPI's clients wait on a task with {@code event.from} rather than {@code task.get_status}.
 *
 * <p>A waiter is looked at only when its task changes (the task's inventory event, from this console
 * or, relayed, from another); nothing is read for tasks no one waits on. When the console stops,
 * every waiter is answered at once with its task as it stands, so no wait holds up the shutdown.
 */
@Component
class TaskWaits {

    private static final Logger log = LoggerFactory.getLogger(TaskWaits.class);

    private final TaskService tasks;
    private final ApplicationContext context;
    private final Map<UUID, Set<DeferredResult<TaskView>>> waiting = new ConcurrentHashMap<>();

    TaskWaits(TaskService tasks, EventBus bus, ApplicationContext context) {
        this.tasks = tasks;
        this.context = context;
        bus.subscribe(this::onEvent);
    }

    /**
     * The task once it has finished, or as it is when {@code max} has passed; at once if it has
     * finished already or {@code max} is zero. An unknown task fails now (not found), not after the wait.
     */
    DeferredResult<TaskView> await(UUID id, Duration max) {
        TaskView now = tasks.get(id);
        DeferredResult<TaskView> result = new DeferredResult<>(Math.max(1, max.toMillis()));
        if (now.status().finished() || max.isZero()) {
            result.setResult(now);
            return result;
        }
        result.onTimeout(() -> answer(id, result));
        result.onCompletion(() -> forget(id, result));
        waiting.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(result);
        // it may have finished between the read above and the registration: its event is then already gone
        TaskView again = tasks.get(id);
        if (again.status().finished()) {
            answer(id, result);
        }
        return result;
    }

    private void onEvent(InventoryEvent event) {
        if (event.objectType() != InventoryEvent.ObjectType.TASK || event.kind() == InventoryEvent.Kind.CREATED) {
            return;
        }
        Set<DeferredResult<TaskView>> waiters = waiting.get(event.id());
        if (waiters == null || waiters.isEmpty()) {
            return;
        }
        try {
            TaskView view = tasks.get(event.id());
            if (view.status().finished()) {
                List.copyOf(waiters).forEach(w -> w.setResult(view));
            }
        } catch (RuntimeException e) { // deleted, or the database gone: the waiters' own timeouts answer them
            log.debug("could not read task {} for its waiters: {}", event.id(), e.toString());
        }
    }

    /** Answers with the task as it is now. */
    private void answer(UUID id, DeferredResult<TaskView> result) {
        try {
            result.setResult(tasks.get(id));
        } catch (RuntimeException e) {
            result.setErrorResult(e);
        }
    }

    private void forget(UUID id, DeferredResult<TaskView> result) {
        waiting.computeIfPresent(id, (k, set) -> {
            set.remove(result);
            return set.isEmpty() ? null : set;
        });
    }

    /** Tasks being waited on now (for tests). */
    int waiters() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }

    @EventListener
    void onClose(ContextClosedEvent closed) {
        if (closed.getApplicationContext() != context) {
            return;
        }
        waiting.forEach((id, set) -> List.copyOf(set).forEach(w -> answer(id, w)));
    }
}
