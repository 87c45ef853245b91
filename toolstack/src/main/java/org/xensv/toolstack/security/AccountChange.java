package org.xensv.toolstack.security;

/**
 * What an admin changes on a user: each field optional (null leaves it as it is). {@code version}:
 * the user's version the change was opened on (null = not checked): a change on an older one is
 * refused as stale, so of two admins editing one user the second is told to reload.
 */
public record AccountChange(Role role, Boolean enabled, String password, Long version) {

    /** A change that does not say which version it was opened on: not checked. */
    public AccountChange(Role role, Boolean enabled, String password) {
        this(role, enabled, password, null);
    }

    /** The same change, as opened on {@code openedVersion} (an API client's If-Match). */
    public AccountChange opened(Long openedVersion) {
        return openedVersion == null ? this : new AccountChange(role, enabled, password, openedVersion);
    }
}
