package org.xensv.toolstack.task;

import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;
import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tasks")
class TaskController {

    private final TaskService tasks;

    TaskController(TaskService tasks) {
        this.tasks = tasks;
    }

    @GetMapping
    List<TaskView> list(@RequestParam(defaultValue = "100") int limit) {
        return tasks.recent(limit);
    }

    @GetMapping("/{id}")
    TaskView get(@PathVariable UUID id) {
        return tasks.get(id);
    }

    @PostMapping("/{id}/cancel")
    TaskView cancel(@PathVariable UUID id) {
        Access.require(Action.TASK_CANCEL);
        return tasks.cancel(id);
    }
}
