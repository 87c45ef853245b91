package org.xensv.toolstack.storage;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface SrRepository extends JpaRepository<StorageRepository, UUID> {

    List<StorageRepository> findAllByOrderByName();

    boolean existsByNameIgnoreCase(String name);

    boolean existsByPath(String path);

    Optional<StorageRepository> findFirstByHostIdAndKind(UUID hostId, SrKind kind);

    boolean existsByPoolIdAndKind(UUID poolId, SrKind kind);
}
