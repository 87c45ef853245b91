package org.xensv.toolstack.tag;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface TagRepository extends JpaRepository<Tag, UUID> {

    List<Tag> findByObjectTypeAndObjectIdOrderByNameKey(TaggedKind type, UUID objectId);

    /** Each tag of a kind as (object id, name), by name: columns, not entities, for a list of thousands. */
    @Query("select t.objectId, t.name from Tag t where t.objectType = ?1 order by t.nameKey")
    List<Object[]> namesOf(TaggedKind type);

    /** The tags of some objects of a kind as (object id, name), by name. */
    @Query("select t.objectId, t.name from Tag t where t.objectType = ?1 and t.objectId in ?2 order by t.nameKey")
    List<Object[]> namesOf(TaggedKind type, java.util.Collection<UUID> objectIds);

    Optional<Tag> findByObjectTypeAndObjectIdAndNameKey(TaggedKind type, UUID objectId, String nameKey);

    long countByObjectTypeAndObjectId(TaggedKind type, UUID objectId);

    @Query("select t.objectId from Tag t where t.objectType = ?1 and t.nameKey = ?2")
    List<UUID> objectsTagged(TaggedKind type, String key);

    List<Tag> findByNameKey(String nameKey);

    /** Each tag in use (its key) with how many objects carry it, by key. */
    @Query("select t.nameKey, count(t) from Tag t group by t.nameKey order by t.nameKey")
    List<Object[]> usage();

    @Modifying
    @Query("delete from Tag t where t.objectType = ?1 and t.objectId = ?2")
    int deleteAllOf(TaggedKind type, UUID objectId);
}
