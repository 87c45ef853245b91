package org.xensv.toolstack.migration;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface FlightRecordRepository extends JpaRepository<FlightRecord, UUID> {

    Optional<FlightRecord> findFirstByVmIdOrderByFinishedAtDesc(UUID vmId);

    /** A VM's flights, newest first. */
    @Query("select f.taskId from FlightRecord f where f.vmId = :vmId order by f.finishedAt desc")
    List<UUID> findTaskIdsOfVm(@Param("vmId") UUID vmId);
}
