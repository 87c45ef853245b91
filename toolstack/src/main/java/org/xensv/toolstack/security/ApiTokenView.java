package org.xensv.toolstack.security;

import java.time.Instant;
import java.util.UUID;

/** A token as listed: never its secret. */
public record ApiTokenView(UUID id, String name, Role role, Instant createdAt, Instant expiresAt, Instant revokedAt,
                           Instant lastUsedAt) {
}
