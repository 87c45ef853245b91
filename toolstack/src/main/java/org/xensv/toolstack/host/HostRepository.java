package org.xensv.toolstack.host;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface HostRepository extends JpaRepository<Host, UUID> {

    boolean existsByNameIgnoreCase(String name);

    boolean existsByUri(String uri);

    List<Host> findAllByOrderByName();

    @org.springframework.data.jpa.repository.Query(value = "select count(*) from vm where host_id = ?1", nativeQuery = true)
    long countVms(UUID hostId);

    /** Sets the flag without optimistic locking: the reconciler updates the same row every few seconds. */
    @org.springframework.data.jpa.repository.Modifying(clearAutomatically = true, flushAutomatically = true)
    @org.springframework.data.jpa.repository.Query("update Host h set h.maintenance = :maintenance where h.id = :id")
    int setMaintenance(UUID id, boolean maintenance);
}
