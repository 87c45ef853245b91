package org.xensv.toolstack.security;

/** What an admin changes on a user: each field optional (null leaves it as it is). */
public record AccountChange(Role role, Boolean enabled, String password) {
}
