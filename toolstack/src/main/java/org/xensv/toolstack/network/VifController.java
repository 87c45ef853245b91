package org.xensv.toolstack.network;

import org.xensv.toolstack.api.IfMatch;
import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A VM's VIFs; changes to a running or paused VM are hot-plugged. */
@RestController
@RequestMapping("/api/v1/vms/{vmId}/vifs")
class VifController {

    private final VifService vifs;

    VifController(VifService vifs) {
        this.vifs = vifs;
    }

    @GetMapping
    List<VifView> list(@PathVariable UUID vmId) {
        return vifs.list(vmId);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    VifView add(@PathVariable UUID vmId, @RequestBody VifForm form) {
        Access.require(Action.VM_DEVICES);
        return vifs.add(vmId, form);
    }

    @PutMapping("/{vifId}")
    VifView update(@PathVariable UUID vmId, @PathVariable UUID vifId, @RequestBody VifForm form,
                   @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        Access.require(Action.VM_DEVICES);
        return vifs.update(vmId, vifId, form.opened(IfMatch.version(form.version(), ifMatch)));
    }

    @DeleteMapping("/{vifId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable UUID vmId, @PathVariable UUID vifId) {
        Access.require(Action.VM_DEVICES);
        vifs.remove(vmId, vifId);
    }
}
