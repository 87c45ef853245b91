package org.xensv.toolstack.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.error.UnauthenticatedException;

/**
 * API tokens: 32 random bytes shown once as {@code xsv_<base64url>}, kept as their SHA-256. A token
 * acts with its own role, never more than its owner's now (a demoted owner's tokens shrink with them),
 * and not at all once expired, revoked, or its owner disabled.
 */
@Service
public class ApiTokenService {

    static final String PREFIX = "xsv_";
    private static final int MAX_DAYS = 3650;
    private final SecureRandom random = new SecureRandom();
    private final ApiTokenRepository tokens;
    private final AccountRepository accounts;

    ApiTokenService(ApiTokenRepository tokens, AccountRepository accounts) {
        this.tokens = tokens;
        this.accounts = accounts;
    }

    /** The signed-in user creates a token for themself, with a role no higher than the one they act with. */
    @Transactional
    public CreatedApiToken create(NewApiToken request) {
        Grant grant = Access.current().orElseThrow(UnauthenticatedException::new);
        Account owner = owner(grant);
        if (request == null || request.name() == null || request.name().isBlank() || request.name().length() > 64) {
            throw new InvalidValueException("name", request == null ? null : request.name(), "must be 1 to 64 characters");
        }
        Role role = request.role() == null ? grant.role() : request.role();
        if (!grant.role().covers(role)) {
            throw new InvalidValueException("role", role, "must be no higher than your own role (" + grant.role().label() + ")");
        }
        Instant expires = null;
        if (request.expiresInDays() != null) {
            if (request.expiresInDays() < 1 || request.expiresInDays() > MAX_DAYS) {
                throw new InvalidValueException("expiresInDays", request.expiresInDays(), "must be 1 to " + MAX_DAYS + " days, or absent for no expiry");
            }
            expires = Instant.now().plus(Duration.ofDays(request.expiresInDays()));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiToken token = tokens.save(new ApiToken(owner.id(), request.name().trim(), hash(secret), role, expires));
        return new CreatedApiToken(token.view(), secret);
    }

    @Transactional(readOnly = true)
    public List<ApiTokenView> mine() {
        Grant grant = Access.current().orElseThrow(UnauthenticatedException::new);
        return tokens.findByUserIdOrderByCreatedAtDesc(owner(grant).id()).stream().map(ApiToken::view).toList();
    }

    /** Revokes one of the signed-in user's tokens (an admin may revoke anyone's). */
    @Transactional
    public ApiTokenView revoke(UUID id) {
        Grant grant = Access.current().orElseThrow(UnauthenticatedException::new);
        ApiToken token = tokens.findById(id).orElseThrow(() -> new NotFoundException("API token", id));
        if (!token.userId().equals(owner(grant).id()) && !grant.allows(Action.USER_MANAGE)) {
            throw new NotFoundException("API token", id);
        }
        token.revoke();
        return token.view();
    }

    /** The user and role a bearer token acts as, if it is valid now. */
    @Transactional
    public Optional<Grant> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        return tokens.findByTokenHash(hash(secret)).filter(t -> t.usableAt(now)).flatMap(token ->
                accounts.findById(token.userId()).filter(Account::enabled).map(owner -> {
                    token.used(now);
                    Role role = owner.role().covers(token.role()) ? token.role() : owner.role();
                    return new Grant(owner.username(), role);
                }));
    }

    private Account owner(Grant grant) {
        return accounts.findByUsernameKey(Account.key(grant.username()))
                .orElseThrow(() -> new NotFoundException("user", grant.username()));
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
