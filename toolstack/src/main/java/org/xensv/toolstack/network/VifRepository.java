package org.xensv.toolstack.network;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface VifRepository extends JpaRepository<Vif, UUID> {

    List<Vif> findByVmIdOrderByDevice(UUID vmId);

    boolean existsByPoolIdAndMac(UUID poolId, String mac);

    boolean existsByPoolIdAndMacAndIdNot(UUID poolId, String mac, UUID id);
}
