package org.xensv.toolstack.vm;

import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xensv.toolstack.api.IfMatch;
import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;

/** High availability: a VM's protection ({@code /vms/{id}/ha}) and a pool's host-lost timeout ({@code /pools/{id}/ha}). */
@RestController
@RequestMapping("/api/v1")
class HaController {

    /** A pool's HA settings as sent: the timeout in seconds, null for the console's default. */
    record PoolHaForm(Integer hostLostTimeoutSeconds) {
    }

    private final VmHaService ha;

    HaController(VmHaService ha) {
        this.ha = ha;
    }

    @GetMapping("/vms/{id}/ha")
    VmHaView vm(@PathVariable UUID id) {
        return ha.get(id);
    }

    @PutMapping("/vms/{id}/ha")
    VmHaView setVm(@PathVariable UUID id, @RequestBody VmHaForm form,
                   @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        Access.require(Action.VM_HA);
        return ha.set(id, form.opened(IfMatch.version(form.version(), ifMatch)));
    }

    @GetMapping("/pools/{id}/ha")
    PoolHaView pool(@PathVariable UUID id) {
        return ha.pool(id);
    }

    @PutMapping("/pools/{id}/ha")
    PoolHaView setPool(@PathVariable UUID id, @RequestBody PoolHaForm form) {
        Access.require(Action.POOL_MANAGE);
        return ha.setPool(id, form.hostLostTimeoutSeconds());
    }
}
