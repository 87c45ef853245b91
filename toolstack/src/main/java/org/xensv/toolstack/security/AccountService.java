package org.xensv.toolstack.security;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.error.StaleObjectException;

/**
 * Console users: created, disabled, given a role or a new password by admins; each changes their own
 * password. The last enabled admin can be neither disabled nor demoted. Changes are serialized (one
 * console process), so two admins cannot demote each other into having none.
 */
@Service
public class AccountService {

    private final AccountRepository accounts;
    private final PasswordEncoder encoder;

    AccountService(AccountRepository accounts, PasswordEncoder encoder) {
        this.accounts = accounts;
        this.encoder = encoder;
    }

    @Transactional(readOnly = true)
    public boolean anyExists() {
        return accounts.count() > 0;
    }

    @Transactional(readOnly = true)
    public List<AccountView> list() {
        return accounts.findAllByOrderByUsernameKey().stream().map(Account::view).toList();
    }

    @Transactional(readOnly = true)
    public AccountView get(UUID id) {
        return find(id).view();
    }

    @Transactional(readOnly = true)
    public AccountView byName(String username) {
        return accounts.findByUsernameKey(Account.key(username)).map(Account::view)
                .orElseThrow(() -> new NotFoundException("user", username));
    }

    /** Creates a user (admins only). */
    @Transactional
    public synchronized AccountView create(NewAccount request) {
        Access.require(Action.USER_MANAGE);
        return insert(request);
    }

    /**
     * The first admin, from the environment or the setup page: refused once any user exists, so the
     * setup page cannot be used twice.
     */
    @Transactional
    public synchronized AccountView createFirstAdmin(String username, String password) {
        if (accounts.count() > 0) {
            throw new ConflictException("SETUP_DONE", Map.of(),
                    "The first admin already exists: sign in, and ask an admin for an account.");
        }
        return insert(new NewAccount(username, password, Role.ADMIN));
    }

    /** Changes a user's role, enabled flag or password (admins only); refuses to leave no enabled admin. */
    @Transactional
    public synchronized AccountView change(UUID id, AccountChange change) {
        Access.require(Action.USER_MANAGE);
        if (change == null) {
            throw new InvalidValueException("body", "(empty)", "must give a role, enabled or password");
        }
        Account account = find(id);
        StaleObjectException.check("user", account.username(), change.version(), account.version());
        boolean losesAdmin = account.role() == Role.ADMIN && account.enabled()
                && (change.role() != null && change.role() != Role.ADMIN || Boolean.FALSE.equals(change.enabled()));
        if (losesAdmin && accounts.countByRoleAndEnabledTrue(Role.ADMIN) <= 1) {
            throw new ConflictException("LAST_ADMIN", Map.of("user", account.username()),
                    "'" + account.username() + "' is the last enabled admin: make another user an admin first.");
        }
        if (change.password() != null && account.external()) {
            throw new InvalidValueException("password", "(hidden)",
                    "cannot be set: '" + account.username() + "' signs in through single sign-on");
        }
        if (change.password() != null) {
            PasswordPolicy.checkPassword("password", change.password(), account.username());
            account.changePassword(encoder.encode(change.password()));
        }
        if (change.role() != null) {
            account.setRole(change.role());
        }
        if (change.enabled() != null) {
            account.setEnabled(change.enabled());
        }
        return accounts.saveAndFlush(account).view(); // flushed: the view shows the version the change made
    }

    /**
     * A user the single sign-on provider vouched for, with the role its claim maps to: their row is
     * created at the first sign-in (marked external) and their role brought in line with the claim at
     * each one, so the audit log, API tokens and the users dialog name them like any user. Refused
     * when an admin disabled the row, when a local (password) user has that name (the provider must not
     * take over a local account), or when the name is not one xensv accepts.
     */
    @Transactional
    public synchronized AccountView signInExternal(String username, Role role) {
        if (role == null) {
            throw new IllegalArgumentException("an external sign-in needs the role its claim maps to");
        }
        String name;
        try {
            name = PasswordPolicy.checkUsername(username);
        } catch (InvalidValueException e) {
            throw new ExternalSignInRefused("BAD_USERNAME", username, "The provider's user name '" + username
                    + "' is not one xensv accepts: 2 to 64 letters, digits, '.', '_', '@' or '-'.");
        }
        Account account = accounts.findByUsernameKey(Account.key(name)).orElse(null);
        if (account == null) {
            return accounts.save(Account.external(name, role)).view();
        }
        if (!account.external()) {
            throw new ExternalSignInRefused("LOCAL_USER_EXISTS", name, "A local user named '" + name
                    + "' exists in xensv: sign in with its password, or ask an admin to rename one of them.");
        }
        if (!account.enabled()) {
            throw new ExternalSignInRefused("USER_DISABLED", name, "The user '" + name + "' is disabled in xensv: ask an admin.");
        }
        if (account.role() != role) {
            account.setRole(role);
        }
        return account.view();
    }

    /** A user changes their own password, proving who they are with the current one. */
    @Transactional
    public AccountView changeOwnPassword(String username, PasswordChange change) {
        Account account = accounts.findByUsernameKey(Account.key(username))
                .orElseThrow(() -> new NotFoundException("user", username));
        if (account.external()) {
            throw new InvalidValueException("newPassword", "(hidden)",
                    "cannot be set: you sign in through single sign-on, your password is the provider's");
        }
        if (change == null || change.currentPassword() == null
                || !encoder.matches(change.currentPassword(), account.passwordHash())) {
            throw new InvalidValueException("currentPassword", "(hidden)", "is not your current password");
        }
        PasswordPolicy.checkPassword("newPassword", change.newPassword(), account.username());
        if (change.newPassword().equals(change.currentPassword())) {
            throw new InvalidValueException("newPassword", "(hidden)", "must differ from the current password");
        }
        account.changePassword(encoder.encode(change.newPassword()));
        return account.view();
    }

    private AccountView insert(NewAccount request) {
        if (request == null) {
            throw new InvalidValueException("body", "(empty)", "must give username, password and role");
        }
        String username = PasswordPolicy.checkUsername(request.username());
        if (request.role() == null) {
            throw new InvalidValueException("role", null, "must be one of ADMIN, OPERATOR, READ_ONLY");
        }
        PasswordPolicy.checkPassword("password", request.password(), username);
        if (accounts.findByUsernameKey(Account.key(username)).isPresent()) {
            throw new ConflictException("USER_EXISTS", Map.of("user", username), "A user named '" + username + "' already exists.");
        }
        return accounts.save(new Account(username, encoder.encode(request.password()), request.role())).view();
    }

    private Account find(UUID id) {
        return accounts.findById(id).orElseThrow(() -> new NotFoundException("user", id));
    }
}
