package org.xensv.toolstack.vm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.pool.PoolService;

/**
 * Feeds {@link Placement} from the inventory: each host with the vCPUs of its running and paused
 * VMs and its VMs of the requested anti-affinity group. It reads the database only (the hosts' last
 * reported free memory), never a driver, so a suggestion is quick and safe inside a transaction.
 */
@Service
public class VmPlacement {

    private final VmRepository vms;
    private final HostService hosts;
    private final PoolService pools;

    VmPlacement(VmRepository vms, HostService hosts, PoolService pools) {
        this.vms = vms;
        this.hosts = hosts;
        this.pools = pools;
    }

    /**
     * Where a new VM of this size and group would go in the pool, and why: what New VM creates when
     * its host is left to the console. Bad input is refused naming the field; a pool where no host
     * can take the VM answers with no host and the reason.
     */
    @Transactional(readOnly = true)
    public PlacementView suggest(UUID poolId, Long memoryMiB, Integer vcpus, String antiAffinityGroup) {
        if (poolId != null && !pools.exists(poolId)) {
            throw new NotFoundException("pool", poolId);
        }
        if (memoryMiB == null || memoryMiB < 16) {
            throw new InvalidValueException("memoryMiB", memoryMiB, "must be at least 16 MiB");
        }
        if (vcpus == null || vcpus < 1 || vcpus > 128) {
            throw new InvalidValueException("vcpus", vcpus, "must be between 1 and 128");
        }
        String group = VmSpecs.antiAffinityGroup(antiAffinityGroup);
        Placement.Decision decision = decide(new Placement.Request(memoryMiB, vcpus, group, poolId, null, null));
        return PlacementView.of(decision, group);
    }

    /** The rule's decision over every host, as the inventory stands. */
    @Transactional(readOnly = true)
    public Placement.Decision decide(Placement.Request request) {
        List<Vm> all = vms.findByTemplateFalseOrderByName();
        Map<UUID, Integer> committed = new HashMap<>();
        Map<UUID, List<String>> members = new HashMap<>();
        String group = request.antiAffinityGroup() == null ? null : request.antiAffinityGroup().toLowerCase(Locale.ROOT);
        for (Vm vm : all) {
            if (!vm.stateUnknown() && (vm.powerState() == PowerState.RUNNING || vm.powerState() == PowerState.PAUSED)) {
                committed.merge(vm.hostId(), vm.vcpus(), Integer::sum);
            }
            if (group != null && vm.antiAffinityGroup() != null && vm.antiAffinityGroup().toLowerCase(Locale.ROOT).equals(group)) {
                members.computeIfAbsent(vm.hostId(), id -> new ArrayList<>()).add(vm.name());
            }
        }
        List<Placement.Candidate> candidates = new ArrayList<>();
        for (HostView host : hosts.list()) {
            candidates.add(new Placement.Candidate(host, committed.getOrDefault(host.id(), 0),
                    members.getOrDefault(host.id(), List.of())));
        }
        return Placement.choose(request, candidates);
    }
}
