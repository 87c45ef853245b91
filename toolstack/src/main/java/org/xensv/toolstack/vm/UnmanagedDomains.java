package org.xensv.toolstack.vm;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.toolstack.host.HostService;

/**
 * The domains a host runs that the inventory does not know: made behind the console's back (with
 * {@code virsh}, or libvirt's test driver's own "test"). They are left alone, and listed so an admin
 * sees them; adopting one into the inventory is not built yet.
 */
@Component
class UnmanagedDomains {

    private final HostService hosts;
    private final VmRepository vms;

    UnmanagedDomains(HostService hosts, VmRepository vms) {
        this.hosts = hosts;
        this.vms = vms;
    }

    /** Asks the host (outside any transaction), then leaves out every domain the inventory holds. */
    List<DomainInfo> of(UUID hostId) {
        List<DomainInfo> onHost = hosts.connection(hostId).lifecycle().list();
        Set<UUID> known = vms.findAllById(onHost.stream().map(DomainInfo::uuid).toList()).stream()
                .map(Vm::id).collect(Collectors.toSet());
        return onHost.stream().filter(d -> !known.contains(d.uuid()))
                .sorted(Comparator.comparing(DomainInfo::name)).toList();
    }
}
