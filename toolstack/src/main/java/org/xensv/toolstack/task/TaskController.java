package org.xensv.toolstack.task;

import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.xensv.hypervisor.api.InvalidValueException;
import org.springframework.web.context.request.async.DeferredResult;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tasks")
class TaskController {

    /** The longest a client may wait on one request for a task to finish. */
    static final int MAX_WAIT_SECONDS = 300;

    private final TaskService tasks;
    private final TaskWaits waits;

    TaskController(TaskService tasks, TaskWaits waits) {
        this.tasks = tasks;
        this.waits = waits;
    }

    @GetMapping
    List<TaskView> list(@RequestParam(defaultValue = "100") int limit) {
        return tasks.recent(limit);
    }

    @GetMapping("/{id}")
    TaskView get(@PathVariable UUID id) {
        return tasks.get(id);
    }

    /** The task once it has finished, or as it is after {@code waitSeconds}: one request instead of polling. */
    @GetMapping(value = "/{id}", params = "waitSeconds")
    DeferredResult<TaskView> await(@PathVariable UUID id, @RequestParam int waitSeconds) {
        if (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) {
            throw new InvalidValueException("waitSeconds", waitSeconds, "must be 0 to " + MAX_WAIT_SECONDS + " seconds");
        }
        return waits.await(id, Duration.ofSeconds(waitSeconds));
    }

    @PostMapping("/{id}/cancel")
    TaskView cancel(@PathVariable UUID id) {
        Access.require(Action.TASK_CANCEL);
        return tasks.cancel(id);
    }
}
