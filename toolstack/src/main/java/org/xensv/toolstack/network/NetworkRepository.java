package org.xensv.toolstack.network;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface NetworkRepository extends JpaRepository<Network, UUID> {

    List<Network> findAllByOrderByName();

    List<Network> findByPoolIdOrderByName(UUID poolId);

    Optional<Network> findByNameIgnoreCase(String name);

    Optional<Network> findByPoolIdAndSegment(UUID poolId, int segment);

    boolean existsByPoolId(UUID poolId);

    /** The names of the VMs with a VIF on the network, sorted. */
    @Query(value = "select distinct v.name from vif f join vm v on v.id = f.vm_id where f.network_id = ?1 order by v.name",
            nativeQuery = true)
    List<String> vmsUsing(UUID networkId);
}
