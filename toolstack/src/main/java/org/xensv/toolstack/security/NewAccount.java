package org.xensv.toolstack.security;

/** A user to create: name, first password and role (validated by {@link AccountService}). */
public record NewAccount(String username, String password, Role role) {
}
