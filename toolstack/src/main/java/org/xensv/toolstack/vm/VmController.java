package org.xensv.toolstack.vm;

import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.Operation;
import org.xensv.toolstack.api.IfMatch;
import org.xensv.toolstack.task.TaskView;

@RestController
@RequestMapping("/api/v1/vms")
class VmController {

    private final VmService vms;
    private final VmQosService qos;
    private final VmSearch search;

    VmController(VmService vms, VmQosService qos, VmSearch search) {
        this.vms = vms;
        this.qos = qos;
        this.search = search;
    }

    /**
     * The VMs (templates are under /api/v1/templates) that match the filters, sorted, one page of
     * them if {@code page} or {@code size} is given (else every one), with the number that match in
     * all in {@code X-Total-Count}. Filters: {@code q} part of the name (any case), {@code state}
     * (comma-separated), {@code host}, {@code hostName} (part of it, any case), {@code pool}, {@code tag} (any case); {@code sort} a column
     * ({@link VmSort}) with {@code ,asc} or {@code ,desc}.
     */
    @GetMapping
    ResponseEntity<List<VmView>> list(@RequestParam(required = false) UUID host, @RequestParam(required = false) UUID pool,
                                      @RequestParam(required = false) String tag, @RequestParam(required = false) String q,
                                      @RequestParam(required = false) String state, @RequestParam(required = false) String sort,
                                      @RequestParam(required = false) String page, @RequestParam(required = false) String size,
                                      @RequestParam(required = false) String hostName) {
        VmQuery query = VmQuery.all().withText(q).withStates(VmQuery.states(state)).onHost(host).inPool(pool).tagged(tag)
                .onHostNamed(hostName);
        if (sort != null) {
            query = query.sortedBy(VmSort.parse("sort", sort), VmSort.descending("sort", sort));
        }
        if (page != null || size != null) {
            query = query.page(number("page", page, 0), number("size", size, DEFAULT_PAGE_SIZE));
        }
        VmPage found = search.search(query);
        return ResponseEntity.ok().header(TOTAL_COUNT, Long.toString(found.total())).body(found.items());
    }

    /** The header that carries how many VMs match a list's filters, whatever its page. */
    static final String TOTAL_COUNT = "X-Total-Count";
    static final int DEFAULT_PAGE_SIZE = 50;

    private static int number(String field, String value, int absent) {
        if (value == null) {
            return absent;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidValueException(field, value, "must be a whole number");
        }
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
