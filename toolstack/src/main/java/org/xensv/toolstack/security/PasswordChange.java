package org.xensv.toolstack.security;

/** A user changing their own password: the current one proves it is them. */
public record PasswordChange(String currentPassword, String newPassword) {
}
