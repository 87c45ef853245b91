package org.xensv.toolstack.storage;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ImageRepository extends JpaRepository<Image, UUID> {

    List<Image> findAllByOrderByName();

    List<Image> findBySrIdOrderByName(UUID srId);

    boolean existsBySrIdAndNameIgnoreCase(UUID srId, String name);

    long countBySrId(UUID srId);

    @Query("select coalesce(sum(i.sizeBytes), 0) from Image i where i.srId = ?1")
    long totalSizeBytes(UUID srId);
}
