package org.xensv.toolstack.storage;

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

/** A VM's disks. Attaching and detaching need the VM halted; their QoS changes at any time. */
@RestController
@RequestMapping("/api/v1/vms/{vmId}/vbds")
class VbdController {

    private final VbdService vbds;

    VbdController(VbdService vbds) {
        this.vbds = vbds;
    }

    @GetMapping
    List<VbdView> list(@PathVariable UUID vmId) {
        return vbds.list(vmId);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    VbdView attach(@PathVariable UUID vmId, @RequestBody VbdSpec spec) {
        Access.require(Action.VM_DEVICES);
        return vbds.attach(vmId, spec);
    }

    /** Sets the disk's own IO limits and its QoS policy; applied live while the VM runs. */
    @PutMapping("/{vbdId}/qos")
    VbdView setQos(@PathVariable UUID vmId, @PathVariable UUID vbdId, @RequestBody VbdQosForm form,
                   @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        Access.require(Action.VM_QOS);
        return vbds.setQos(vmId, vbdId, form.opened(IfMatch.version(form.version(), ifMatch)));
    }

    @DeleteMapping("/{vbdId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void detach(@PathVariable UUID vmId, @PathVariable UUID vbdId) {
        Access.require(Action.VM_DEVICES);
        vbds.detach(vmId, vbdId);
    }
}
