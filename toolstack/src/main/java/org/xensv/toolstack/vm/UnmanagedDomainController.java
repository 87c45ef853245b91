package org.xensv.toolstack.vm;

import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.xensv.hypervisor.api.DomainInfo;

@RestController
class UnmanagedDomainController {

    private final UnmanagedDomains domains;

    UnmanagedDomainController(UnmanagedDomains domains) {
        this.domains = domains;
    }

    /** The host's domains the inventory does not hold: uuid, name, power state, vCPUs, memory. */
    @GetMapping("/api/v1/hosts/{id}/unmanaged-domains")
    List<DomainInfo> list(@PathVariable UUID id) {
        return domains.of(id);
    }

    /**
     * Adopts one of them: a VM record with its name, vCPUs, memory and power state, the domain left as
     * it runs (not defined again, not restarted). 409 VM_NAME_TAKEN if the inventory has a VM of its name.
     */
    @PostMapping("/api/v1/hosts/{id}/unmanaged-domains/{uuid}/adopt")
    @ResponseStatus(HttpStatus.CREATED)
    VmView adopt(@PathVariable UUID id, @PathVariable UUID uuid) {
        Access.require(Action.HOST_MANAGE);
        return domains.adopt(id, uuid);
    }
}
