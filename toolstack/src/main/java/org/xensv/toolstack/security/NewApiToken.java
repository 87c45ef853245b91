package org.xensv.toolstack.security;

/** A token to create: a name, its role (at most the creator's) and, if given, the days until it expires. */
public record NewApiToken(String name, Role role, Integer expiresInDays) {
}
