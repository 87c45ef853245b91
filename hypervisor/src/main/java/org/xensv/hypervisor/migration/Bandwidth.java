package org.xensv.hypervisor.migration;

import java.util.concurrent.locks.LockSupport;

/**
 * A token bucket on the sending side, held for the whole migration (the stop-and-copy phase too:
 * a real link does not speed up while the guest is paused).
 *
 * <p>It models a link that carries one record after the other: a record may start as soon as the
 * link is free (balance &ge; 0), whatever its size, and leaves the balance in debt by its size, so
 * the next record waits exactly as long as the link needs to carry this one. Unused time is kept
 * as credit up to {@link #CREDIT_NANOS} of traffic (at least 64 KiB): that absorbs a late wake-up
 * of the sending thread (a loaded host) without losing link time, while an idle sender can never
 * bank more than a few milliseconds of traffic (so a stop-and-copy phase cannot start with a
 * large free burst). The last record of a phase is followed by a control record (DONE, SWITCHOVER)
 * that waits for the debt, so a phase never ends before the link would have carried it.
 */
final class Bandwidth {

    /** Credit an idle sender may keep, in time of traffic. */
    static final long CREDIT_NANOS = 2_000_000;
    /** Sleeps shorter than this are not worth a park (the thread re-checks instead). */
    private static final long MIN_PARK_NANOS = 20_000;

    private final long bytesPerSec;
    private final double credit;
    private double tokens;
    private long last = System.nanoTime();

    Bandwidth(long bytesPerSec) {
        this.bytesPerSec = bytesPerSec;
        this.credit = Math.max(64 * 1024, bytesPerSec * (CREDIT_NANOS / 1e9));
        this.tokens = credit;
    }

    boolean unlimited() {
        return bytesPerSec == 0;
    }

    long bytesPerSec() {
        return bytesPerSec;
    }

    /** Waits until the link is free (no debt), then takes {@code bytes} (the balance may go negative). */
    synchronized void acquire(long bytes) {
        if (bytesPerSec == 0) {
            return;
        }
        refill();
        while (tokens < 0) {
            long wait = (long) (-tokens * 1e9 / bytesPerSec);
            if (wait >= MIN_PARK_NANOS) {
                LockSupport.parkNanos(wait);
            } else {
                Thread.onSpinWait();
            }
            refill();
        }
        tokens -= bytes;
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(credit, tokens + (now - last) * (double) bytesPerSec / 1e9);
        last = now;
    }
}
