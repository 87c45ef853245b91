package org.xensv.toolstack.security;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.xensv.toolstack.api.IfMatch;
import org.xensv.toolstack.error.UnauthenticatedException;

/** Users (admins only) and the signed-in user's own account and password. */
@RestController
@RequestMapping("/api/v1/users")
class AccountController {

    private final AccountService accounts;

    AccountController(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping
    List<AccountView> list() {
        Access.require(Action.USER_MANAGE);
        return accounts.list();
    }

    @GetMapping("/{id}")
    AccountView get(@PathVariable UUID id) {
        Access.require(Action.USER_MANAGE);
        return accounts.get(id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    AccountView create(@RequestBody NewAccount request) {
        Access.require(Action.USER_MANAGE);
        return accounts.create(request);
    }

    /** Role, enabled, or a new password set by an admin; the last enabled admin cannot be demoted or disabled. */
    @PatchMapping("/{id}")
    AccountView change(@PathVariable UUID id, @RequestBody AccountChange change,
                       @RequestHeader(value = IfMatch.HEADER, required = false) String ifMatch) {
        Access.require(Action.USER_MANAGE);
        return accounts.change(id, change == null ? null : change.opened(IfMatch.version(change.version(), ifMatch)));
    }

    /** The signed-in user. */
    @GetMapping("/me")
    AccountView me() {
        return accounts.byName(signedIn().username());
    }

    /** The signed-in user changes their own password (the current one is required). */
    @PutMapping("/me/password")
    AccountView changePassword(@RequestBody PasswordChange change) {
        return accounts.changeOwnPassword(signedIn().username(), change);
    }

    private static Grant signedIn() {
        return Access.current().orElseThrow(UnauthenticatedException::new);
    }
}
