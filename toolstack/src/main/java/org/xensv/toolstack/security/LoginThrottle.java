package org.xensv.toolstack.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per user name and per remote address; after {@code max-failures} for a name
 * (or {@code max-failures-per-address} from an address, higher: many people may share one address)
 * within the lockout period, that name (or address) is locked out for the period. Kept in memory: a restart
 * forgets, and each console process counts its own attempts.
 */
@Component
public class LoginThrottle {

    private static final int MAX_TRACKED = 10_000;

    private record Failures(int count, Instant first, Instant lockedUntil) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final int maxPerAddress;
    private final Duration lockout;
    private final Clock clock;

    @Autowired
    LoginThrottle(@Value("${xensv.security.login.max-failures:5}") int maxFailures,
                  @Value("${xensv.security.login.max-failures-per-address:20}") int maxPerAddress,
                  @Value("${xensv.security.login.lockout:15m}") Duration lockout) {
        this(maxFailures, maxPerAddress, lockout, Clock.systemUTC());
    }

    LoginThrottle(int maxFailures, int maxPerAddress, Duration lockout, Clock clock) {
        this.maxFailures = maxFailures;
        this.maxPerAddress = maxPerAddress;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** How long this user, or this address, is still locked out; empty if neither is. */
    public Optional<Duration> lockedFor(String username, String address) {
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        for (String key : keys(username, address)) {
            Failures f = failures.get(key);
            if (f != null && f.lockedUntil() != null && f.lockedUntil().isAfter(now)) {
                Duration left = Duration.between(now, f.lockedUntil());
                longest = left.compareTo(longest) > 0 ? left : longest;
            }
        }
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_TRACKED) {
            failures.values().removeIf(f -> f.first().plus(lockout).isBefore(now)
                    && (f.lockedUntil() == null || f.lockedUntil().isBefore(now)));
        }
        for (String key : keys(username, address)) {
            failures.compute(key, (k, f) -> {
                if (f == null || f.first().plus(lockout).isBefore(now) && (f.lockedUntil() == null || f.lockedUntil().isBefore(now))) {
                    f = new Failures(0, now, null);
                }
                int count = f.count() + 1;
                int max = k.startsWith("user:") ? maxFailures : maxPerAddress;
                return count >= max ? new Failures(0, now, now.plus(lockout)) : new Failures(count, f.first(), f.lockedUntil());
            });
        }
    }

    /** A good password clears the user's count (not the address's: one good account must not unlock guessing others). */
    public void succeeded(String username) {
        if (username != null) {
            failures.remove(userKey(username));
        }
    }

    /** The sentence a locked-out person reads. */
    public static String message(Duration left) {
        long minutes = Math.max(1, (left.toSeconds() + 59) / 60);
        return "Too many failed sign-ins for this user or from this address: sign-in is locked for "
                + minutes + (minutes == 1 ? " minute." : " minutes.");
    }

    private static String userKey(String username) {
        return "user:" + username.trim().toLowerCase(Locale.ROOT);
    }

    private static java.util.List<String> keys(String username, String address) {
        java.util.List<String> keys = new java.util.ArrayList<>(2);
        if (username != null && !username.isBlank()) {
            keys.add(userKey(username));
        }
        if (address != null && !address.isBlank()) {
            keys.add("address:" + address);
        }
        return keys;
    }
}
