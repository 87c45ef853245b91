package org.xensv.toolstack.filter;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A user's search of the VMs kept under a name: the text as typed, read again by {@code VmSearchText}. */
@Entity
@Table(name = "saved_filter")
class SavedFilter {

    @Id
    private UUID id;
    @Column(name = "user_id")
    private UUID userId;
    private String name;
    @Column(name = "name_key")
    private String nameKey;
    private String query;
    @Column(name = "created_at")
    private Instant createdAt;
    @Version
    private long version;

    protected SavedFilter() {
    }

    SavedFilter(UUID userId, String name, String query) {
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.name = name;
        this.nameKey = key(name);
        this.query = query;
        this.createdAt = Instant.now();
    }

    /** Names are unique per user in any case: "Prod" and "prod" are one name. */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    UUID id() {
        return id;
    }

    UUID userId() {
        return userId;
    }

    SavedFilterView view() {
        return new SavedFilterView(id, name, query, createdAt);
    }
}
