package org.xensv.toolstack.network;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface VifRepository extends JpaRepository<Vif, UUID> {

    List<Vif> findByVmIdOrderByDevice(UUID vmId);

    boolean existsByPoolIdAndMac(UUID poolId, String mac);

    boolean existsByPoolIdAndMacAndIdNot(UUID poolId, String mac, UUID id);

    List<Vif> findByQosPolicyId(UUID qosPolicyId);

    /** "VIF 0 of web1" for each VIF using the policy, by VM name. */
    @Query(value = "select 'VIF ' || f.device || ' of ' || v.name from vif f join vm v on v.id = f.vm_id"
            + " where f.qos_policy_id = ?1 order by v.name, f.device", nativeQuery = true)
    List<String> namesUsing(UUID qosPolicyId);
}
