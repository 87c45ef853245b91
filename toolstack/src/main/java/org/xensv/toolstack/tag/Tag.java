package org.xensv.toolstack.tag;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One tag of one object. */
@Entity
@Table(name = "tag")
class Tag {

    @Id
    private UUID id;
    @Enumerated(EnumType.STRING)
    @Column(name = "object_type")
    private TaggedKind objectType;
    @Column(name = "object_id")
    private UUID objectId;
    private String name;
    @Column(name = "name_key")
    private String nameKey;
    @Column(name = "created_at")
    private Instant createdAt;

    protected Tag() {
    }

    Tag(TaggedKind kind, UUID objectId, TagName tag) {
        this.id = UUID.randomUUID();
        this.objectType = kind;
        this.objectId = objectId;
        this.name = tag.value();
        this.nameKey = tag.key();
        this.createdAt = Instant.now();
    }

    TaggedKind kind() {
        return objectType;
    }

    UUID objectId() {
        return objectId;
    }

    String name() {
        return name;
    }

    String nameKey() {
        return nameKey;
    }
}
