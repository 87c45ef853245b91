package org.xensv.toolstack.vm;

import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
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
}
