package org.xensv.toolstack.security;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A console user: a name, a hashed password, one role, and whether they may sign in. An external user
 * signs in through single sign-on only: no password of theirs is kept, and their role follows the
 * provider's claim at each sign-in.
 */
@Entity
@Table(name = "users")
class Account {

    @Id
    private UUID id;
    private String username;
    @Column(name = "username_key")
    private String usernameKey;
    @Column(name = "password_hash")
    private String passwordHash;
    @Enumerated(EnumType.STRING)
    private Role role;
    private boolean enabled;
    private boolean external;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "password_changed_at")
    private Instant passwordChangedAt;
    @Version
    private long version;

    protected Account() {
    }

    Account(String username, String passwordHash, Role role) {
        this.id = UUID.randomUUID();
        this.username = username;
        this.usernameKey = key(username);
        this.passwordHash = passwordHash;
        this.role = role;
        this.enabled = true;
        this.createdAt = Instant.now();
        this.passwordChangedAt = createdAt;
    }

    /** A user of the single sign-on provider: no password (a marker no password hash matches), the claim's role. */
    static Account external(String username, Role role) {
        Account account = new Account(username, NO_PASSWORD, role);
        account.external = true;
        return account;
    }

    /** The password hash of an external user: no encoder's format, so nothing ever matches it. */
    static final String NO_PASSWORD = "(single sign-on)";

    static String key(String username) {
        return username.trim().toLowerCase(Locale.ROOT);
    }

    UUID id() {
        return id;
    }

    String username() {
        return username;
    }

    String passwordHash() {
        return passwordHash;
    }

    Role role() {
        return role;
    }

    boolean enabled() {
        return enabled;
    }

    boolean external() {
        return external;
    }

    void changePassword(String hash) {
        this.passwordHash = hash;
        this.passwordChangedAt = Instant.now();
    }

    void setRole(Role role) {
        this.role = role;
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The optimistic-lock version: it moves with every change to the user. */
    long version() {
        return version;
    }

    AccountView view() {
        return new AccountView(id, username, role, enabled, createdAt, passwordChangedAt, external, version);
    }
}
