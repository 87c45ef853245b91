package org.xensv.toolstack.vm;

import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.xensv.hypervisor.api.Operation;
import org.xensv.toolstack.api.IfMatch;
import org.xensv.toolstack.task.TaskView;

@RestController
@RequestMapping("/api/v1/vms")
class VmController {

    private final VmService vms;
    private final VmQosService qos;

    VmController(VmService vms, VmQosService qos) {
        this.vms = vms;
        this.qos = qos;
    }

    /** The VMs (templates are under /api/v1/templates), of one host if given, tagged {@code tag} (any case) if given. */
    @GetMapping
    List<VmView> list(@RequestParam(required = false) UUID host, @RequestParam(required = false) String tag) {
        List<VmView> all = host == null ? vms.list() : vms.onHost(host);
        if (tag == null) {
            return all;
        }
        String key = new org.xensv.toolstack.tag.TagName(tag).key();
        return all.stream().filter(v -> v.tags().stream().anyMatch(t -> t.equalsIgnoreCase(key))).toList();
    }

    /** Makes a halted VM a template (one way): it is never started again; new VMs are copied from it. */
    @PostMapping("/{id}/template")
    VmView convertToTemplate(@PathVariable UUID id) {
        Access.require(Action.TEMPLATE_CREATE);
        return vms.convertToTemplate(id);
    }

    @GetMapping("/{id}")
    VmView get(@PathVariable UUID id) {
        return vms.get(id);
    }

    @GetMapping("/{id}/allowed-operations")
    Set<Operation> allowed(@PathVariable UUID id) {
        return vms.get(id).allowedOperations();
    }

    /** Checks the memory of a running or paused VM against its guest's invariant. */
    @GetMapping("/{id}/memory-check")
    MemoryCheckView memoryCheck(@PathVariable UUID id) {
        return vms.checkMemory(id);
    }

    /** The VM's CPU weight and cap that apply, each with where it comes from (the VM, its QoS policy, the default). */
    @GetMapping("/{id}/qos")
    VmQosView qos(@PathVariable UUID id) {
        return qos.get(id);
    }

    /** Sets the VM's QoS policy and CPU values of its own; applied live while it runs. */
    @PutMapping("/{id}/qos")
    VmQosView setQos(@PathVariable UUID id, @RequestBody VmQosForm form,
                     @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        Access.require(Action.VM_QOS);
        return qos.set(id, form.opened(IfMatch.version(form.version(), ifMatch)));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    VmService.Created create(@RequestBody VmSpec spec) {
        Access.require(Action.VM_CREATE);
        if (spec.haRestartPriority() != null && !spec.haRestartPriority().isBlank() && !spec.haRestartPriority().strip().equalsIgnoreCase("none")) {
            Access.require(Action.VM_HA); // protecting a VM is an admin's choice, as on its HA tab
        }
        return vms.create(spec);
    }

    /** start, pause, unpause, clean-shutdown, hard-shutdown, clean-reboot, hard-reboot, suspend, resume. */
    @PostMapping("/{id}/{operation:[a-z-]+}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    TaskView operate(@PathVariable UUID id, @PathVariable String operation) {
        Access.require(Action.VM_POWER);
        Operation op = Operation.fromSlug(operation);
        if (op == Operation.DESTROY) {
            throw new org.xensv.hypervisor.api.InvalidValueException("operation", operation, "is done with DELETE /api/v1/vms/{id}");
        }
        return vms.perform(id, op);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    TaskView destroy(@PathVariable UUID id) {
        Access.require(Action.VM_DESTROY);
        return vms.perform(id, Operation.DESTROY);
    }
}
