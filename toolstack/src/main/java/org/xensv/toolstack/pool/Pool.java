package org.xensv.toolstack.pool;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A pool of hosts that share VMs and can migrate between each other. */
@Entity
@Table(name = "pool")
class Pool {

    @Id
    private UUID id;
    private String name;
    private String description;
    @Column(name = "created_at")
    private Instant createdAt;
    @Version
    private long version;

    protected Pool() {
    }

    Pool(String name, String description) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.description = description == null ? "" : description;
        this.createdAt = Instant.now();
    }

    UUID id() {
        return id;
    }

    String name() {
        return name;
    }

    PoolView view() {
        return new PoolView(id, name, description);
    }
}
