package org.xensv.toolstack.security;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A user's API token: its SHA-256 (never the token), a role no higher than the owner's, an optional expiry. */
@Entity
@Table(name = "api_token")
class ApiToken {

    @Id
    private UUID id;
    @Column(name = "user_id")
    private UUID userId;
    private String name;
    @Column(name = "token_hash")
    private String tokenHash;
    @Enumerated(EnumType.STRING)
    private Role role;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;
    @Column(name = "last_used_at")
    private Instant lastUsedAt;
    @Version
    private long version;

    protected ApiToken() {
    }

    ApiToken(UUID userId, String name, String tokenHash, Role role, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.name = name;
        this.tokenHash = tokenHash;
        this.role = role;
        this.createdAt = Instant.now();
        this.expiresAt = expiresAt;
    }

    UUID id() {
        return id;
    }

    UUID userId() {
        return userId;
    }

    Role role() {
        return role;
    }

    boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }

    void revoke() {
        if (revokedAt == null) {
            revokedAt = Instant.now();
        }
    }

    /** Notes the use, at most once a minute (a busy script must not write a row per request). */
    void used(Instant now) {
        if (lastUsedAt == null || lastUsedAt.isBefore(now.minusSeconds(60))) {
            lastUsedAt = now;
        }
    }

    /** For tests: as if it had been created to expire at this instant. */
    void expireAt(Instant at) {
        this.expiresAt = at;
    }

    ApiTokenView view() {
        return new ApiTokenView(id, name, role, createdAt, expiresAt, revokedAt, lastUsedAt);
    }
}
