package org.xensv.toolstack.pool;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface PoolRepository extends JpaRepository<Pool, UUID> {

    boolean existsByNameIgnoreCase(String name);

    List<Pool> findAllByOrderByName();

    @Query(value = "select count(*) from host where pool_id = ?1", nativeQuery = true)
    long countHosts(UUID poolId);
}
