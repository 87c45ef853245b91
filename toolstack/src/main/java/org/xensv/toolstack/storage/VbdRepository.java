package org.xensv.toolstack.storage;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface VbdRepository extends JpaRepository<Vbd, UUID> {

    List<Vbd> findByVmIdOrderByDevice(UUID vmId);

    List<Vbd> findByImageId(UUID imageId);

    boolean existsByVmIdAndDevice(UUID vmId, String device);
}
