package org.xensv.toolstack.vm;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.task.TaskView;

/** Bulk actions on VMs: one task, a result per VM (the task's result), cancellable like any task. */
@RestController
@RequestMapping("/api/v1/vms/bulk")
class BulkController {

    private final BulkActions bulk;

    BulkController(BulkActions bulk) {
        this.bulk = bulk;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    TaskView run(@RequestBody BulkRequest request) {
        BulkAction action = BulkAction.parse(request.action());
        Access.require(action.permission());
        boolean byId = request.vmIds() != null && !request.vmIds().isEmpty();
        if (byId == (request.filter() != null)) {
            throw new InvalidValueException("vmIds", byId ? "both" : "neither", "or filter must be given, not both");
        }
        return byId ? bulk.run(action, request.vmIds(), request.tag()) : bulk.run(action, request.filter().query(), request.tag());
    }
}
