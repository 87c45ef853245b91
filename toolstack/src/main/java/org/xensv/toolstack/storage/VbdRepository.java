package org.xensv.toolstack.storage;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface VbdRepository extends JpaRepository<Vbd, UUID> {

    List<Vbd> findByVmIdOrderByDevice(UUID vmId);

    List<Vbd> findByImageId(UUID imageId);

    boolean existsByVmIdAndDevice(UUID vmId, String device);

    List<Vbd> findByQosPolicyId(UUID qosPolicyId);

    /** "disk xvda of web1" for each VBD using the policy, by VM name. */
    @Query(value = "select 'disk ' || b.device || ' of ' || v.name from vbd b join vm v on v.id = b.vm_id"
            + " where b.qos_policy_id = ?1 order by v.name, b.device", nativeQuery = true)
    List<String> namesUsing(UUID qosPolicyId);
}
