package org.xensv.toolstack.vm;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.xensv.hypervisor.api.PowerState;

interface VmRepository extends JpaRepository<Vm, UUID> {

    boolean existsByNameIgnoreCase(String name);

    List<Vm> findAllByOrderByName();

    List<Vm> findByHostIdOrderByName(UUID hostId);

    List<Vm> findByCurrentOperationIsNotNull();

    List<Vm> findByQosPolicyIdOrderByName(UUID qosPolicyId);

    List<Vm> findByTemplateFalseOrderByName();

    List<Vm> findByTemplateTrueOrderByName();

    List<Vm> findByHostIdAndTemplateFalseOrderByName(UUID hostId);

    /** The VMs (not templates) in these states, by id and host only. */
    @Query("select new org.xensv.toolstack.vm.LiveVm(v.id, v.hostId) from Vm v where v.template = false and v.powerState in :states")
    List<LiveVm> findLive(Set<PowerState> states);

    /** Which of these ids are VMs (not templates). */
    @Query("select v.id from Vm v where v.template = false and v.id in :ids")
    Set<UUID> findVmIds(Collection<UUID> ids);

    /** The host's VMs' ids and row versions: what the reconciler notes before asking the host, without loading the VMs. */
    @Query("select new org.xensv.toolstack.vm.VmVersion(v.id, v.version) from Vm v where v.hostId = :hostId")
    List<VmVersion> findVersionsByHostId(UUID hostId);
}
