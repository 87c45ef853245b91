package org.xensv.toolstack.vm;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.xensv.hypervisor.api.CrashAction;
import org.xensv.hypervisor.api.DomainType;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.WorkloadSpec;

/**
 * A VM as the API and the console show it, with the operations allowed on it right now, and the last
 * thing that happened to it that no one asked for ({@code lastEvent}, e.g. found halted after an
 * unclean stop of the console; null if none). A {@code template} is never started: new VMs are copied
 * from it (its tags, like any VM's, are the tag package's). {@code antiAffinityGroup}: the group whose
 * VMs placement keeps on different hosts where it can (null: none). {@code haRestartPriority}: its high-availability
 * protection (null = unprotected), restarted in {@code haRestartOrder} (lowest first) when its host is lost.
 */
public record VmView(UUID id, String name, String description, UUID hostId, String hostName, DomainType type,
                     int vcpus, long memoryMiB, WorkloadSpec workload, CrashAction onCrash, int cpuWeight, int cpuCap,
                     PowerState powerState, boolean stateUnknown, Operation currentOperation,
                     Set<Operation> allowedOperations, List<String> tags, Instant createdAt,
                     String lastEvent, Instant lastEventAt, boolean template, String antiAffinityGroup,
                     HaPriority haRestartPriority, int haRestartOrder) {

    public boolean allows(Operation op) {
        return allowedOperations.contains(op);
    }
}
