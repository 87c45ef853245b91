package org.xensv.toolstack.storage;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A directory of image files: a host's local storage or the pool's shared storage. */
@Entity
@Table(name = "storage_repository")
class StorageRepository {

    @Id
    private UUID id;
    @Column(name = "pool_id")
    private UUID poolId;
    @Column(name = "host_id")
    private UUID hostId;
    private String name;
    private String description;
    @Enumerated(EnumType.STRING)
    private SrKind kind;
    private String path;
    @Column(name = "quota_mib")
    private Long quotaMiB;
    @Column(name = "created_at")
    private Instant createdAt;
    @Version
    private long version;

    protected StorageRepository() {
    }

    StorageRepository(UUID poolId, UUID hostId, String name, String description, SrKind kind, Path path, Long quotaMiB) {
        this.id = UUID.randomUUID();
        this.poolId = poolId;
        this.hostId = hostId;
        this.name = name;
        this.description = description == null ? "" : description;
        this.kind = kind;
        this.path = path.toString();
        this.quotaMiB = quotaMiB;
        this.createdAt = Instant.now();
    }

    UUID id() {
        return id;
    }

    UUID poolId() {
        return poolId;
    }

    /** The host of this local repository moved to another pool: the repository goes with it. */
    void movedToPool(UUID pool) {
        this.poolId = pool;
    }

    UUID hostId() {
        return hostId;
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }

    SrKind kind() {
        return kind;
    }

    Path path() {
        return Path.of(path);
    }

    Long quotaMiB() {
        return quotaMiB;
    }
}
