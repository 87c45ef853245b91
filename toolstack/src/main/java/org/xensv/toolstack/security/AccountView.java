package org.xensv.toolstack.security;

import java.time.Instant;
import java.util.UUID;

/** A user as the console and the API show it (never the password hash). */
public record AccountView(UUID id, String username, Role role, boolean enabled, Instant createdAt,
                          Instant passwordChangedAt) {
}
