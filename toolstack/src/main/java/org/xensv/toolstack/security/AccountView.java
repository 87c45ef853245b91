package org.xensv.toolstack.security;

import java.time.Instant;
import java.util.UUID;

/**
 * A user as the console and the API show it (never the password hash). {@code external}: signs in
 * through single sign-on, with the role the provider's claim maps to (and no password here).
 * {@code version} goes back with a change (or as If-Match) so a stale one is refused.
 */
public record AccountView(UUID id, String username, Role role, boolean enabled, Instant createdAt,
                          Instant passwordChangedAt, boolean external, long version) {
}
