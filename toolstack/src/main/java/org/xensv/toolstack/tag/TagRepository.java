package org.xensv.toolstack.tag;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface TagRepository extends JpaRepository<Tag, UUID> {

    List<Tag> findByObjectTypeAndObjectIdOrderByNameKey(TaggedKind type, UUID objectId);

    List<Tag> findByObjectTypeOrderByNameKey(TaggedKind type);

    List<Tag> findByObjectTypeAndObjectIdInOrderByNameKey(TaggedKind type, java.util.Collection<UUID> objectIds);

    Optional<Tag> findByObjectTypeAndObjectIdAndNameKey(TaggedKind type, UUID objectId, String nameKey);

    long countByObjectTypeAndObjectId(TaggedKind type, UUID objectId);

    @Query("select t.objectId from Tag t where t.objectType = ?1 and t.nameKey = ?2")
    List<UUID> objectsTagged(TaggedKind type, String key);

    List<Tag> findByNameKey(String nameKey);

    @Modifying
    @Query("delete from Tag t where t.objectType = ?1 and t.objectId = ?2")
    int deleteAllOf(TaggedKind type, UUID objectId);
}
