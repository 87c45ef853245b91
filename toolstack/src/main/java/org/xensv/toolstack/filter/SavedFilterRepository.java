package org.xensv.toolstack.filter;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface SavedFilterRepository extends JpaRepository<SavedFilter, UUID> {

    List<SavedFilter> findByUserIdOrderByNameKey(UUID userId);

    Optional<SavedFilter> findByUserIdAndNameKey(UUID userId, String nameKey);
}
