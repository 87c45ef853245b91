package org.xensv.toolstack.template;

import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmView;

/**
 * Templates: list, read (with NICs and disks), and copy into a new VM. A halted VM becomes one with
 * {@code POST /api/v1/vms/{id}/template}; a template is deleted as a VM ({@code DELETE /api/v1/vms/{id}}).
 */
@RestController
@RequestMapping("/api/v1/templates")
class TemplateController {

    private final TemplateService templates;

    TemplateController(TemplateService templates) {
        this.templates = templates;
    }

    /** Every template, or those tagged {@code tag} (any case). */
    @GetMapping
    List<VmView> list(@RequestParam(required = false) String tag) {
        List<VmView> all = templates.list();
        if (tag == null) {
            return all;
        }
        String key = new org.xensv.toolstack.tag.TagName(tag).key();
        return all.stream().filter(t -> t.tags().stream().anyMatch(x -> x.equalsIgnoreCase(key))).toList();
    }

    @GetMapping("/{id}")
    TemplateService.Contents get(@PathVariable UUID id) {
        return templates.contents(id);
    }

    /** A new VM from the template: its config, NICs with fresh MACs, disks cloned; all or nothing. */
    @PostMapping("/{id}/instantiate")
    @ResponseStatus(HttpStatus.CREATED)
    VmService.Created instantiate(@PathVariable UUID id, @RequestBody InstantiateSpec spec) {
        Access.require(Action.VM_CREATE);
        return templates.instantiate(id, spec);
    }
}
