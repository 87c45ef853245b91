package org.xensv.toolstack.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-29T05:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    final LoginThrottle throttle = new LoginThrottle(5, 20, Duration.ofMinutes(15), clock);

    @Test
    void theFifthWrongPasswordLocksTheUserForFifteenMinutes() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        assertThat(throttle.lockedFor("alice", "10.0.0.2")).isEmpty();
        throttle.failed("alice", "10.0.0.1");
        assertThat(throttle.lockedFor("ALICE", "10.0.0.2")).contains(Duration.ofMinutes(15));
        now.set(now.get().plus(Duration.ofMinutes(15)).plusSeconds(1));
        assertThat(throttle.lockedFor("alice", "10.0.0.2")).isEmpty();
    }

    @Test
    void anAddressGuessingManyNamesIsLockedOut() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("user" + i, "10.0.0.9");
        }
        assertThat(throttle.lockedFor("someone-else", "10.0.0.9")).isPresent();
        assertThat(throttle.lockedFor("someone-else", "10.0.0.8")).isEmpty();
    }

    @Test
    void aGoodPasswordClearsTheUsersCount() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("bob", "10.0.0.1");
        }
        throttle.succeeded("bob");
        throttle.failed("bob", "10.0.0.1");
        assertThat(throttle.lockedFor("bob", null)).isEmpty();
    }

    @Test
    void failuresOlderThanThePeriodAreForgotten() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("carol", null);
        }
        now.set(now.get().plus(Duration.ofMinutes(16)));
        throttle.failed("carol", null);
        assertThat(throttle.lockedFor("carol", null)).isEmpty();
    }

    @Test
    void theMessageSaysHowLongTheLockLasts() {
        assertThat(LoginThrottle.message(Duration.ofSeconds(61))).contains("locked for 2 minutes");
    }
}
