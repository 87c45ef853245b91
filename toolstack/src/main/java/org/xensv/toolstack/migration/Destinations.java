package org.xensv.toolstack.migration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.vm.VmView;

/** Which hosts can take a VM, and why each other one cannot. */
final class Destinations {

    private Destinations() {
    }

    static List<DestinationOption> of(VmView vm, List<HostView> hosts) {
        HostView source = hosts.stream().filter(h -> h.id().equals(vm.hostId())).findFirst().orElse(null);
        List<DestinationOption> options = new ArrayList<>();
        for (HostView host : hosts) {
            if (host.id().equals(vm.hostId())) {
                continue;
            }
            options.add(new DestinationOption(host.id(), host.name(), host.freeMemoryMiB(), reason(vm, source, host) == null,
                    reason(vm, source, host)));
        }
        options.sort(Comparator.comparing(DestinationOption::eligible).reversed()
                .thenComparing(Comparator.comparingLong(DestinationOption::freeMemoryMiB).reversed()));
        return options;
    }

    /** The eligible host with most free memory, if any. */
    static Optional<DestinationOption> best(VmView vm, List<HostView> hosts) {
        return of(vm, hosts).stream().filter(DestinationOption::eligible).findFirst();
    }

    static String reason(VmView vm, HostView source, HostView host) {
        if (!host.connected()) {
            return "not connected" + (host.connectionError() == null ? "" : ": " + host.connectionError());
        }
        if (host.maintenance()) {
            return "in maintenance mode";
        }
        if (source != null && !source.poolId().equals(host.poolId())) {
            return "in another pool";
        }
        if (source != null && !runtime(source).equals(runtime(host))) {
            return "runs " + runtime(host) + ", the VM's host " + runtime(source) + ": a VM moves only between hosts of one kind";
        }
        if (host.freeMemoryMiB() < vm.memoryMiB()) {
            return "not enough free memory: " + host.freeMemoryMiB() + " MiB free, the VM needs " + vm.memoryMiB() + " MiB";
        }
        if (host.pcpus() < vm.vcpus()) {
            return "too few CPUs: " + host.pcpus() + " pCPUs, the VM has " + vm.vcpus() + " vCPUs";
        }
        return null;
    }

    /** What moves a VM between hosts: see {@link HostView#runtime()}. */
    static String runtime(HostView host) {
        return host.runtime();
    }
}
