package org.xensv.hypervisor.embedded.net;

import org.xensv.hypervisor.api.RateLimit;

/**
 * A token bucket with xl/netback semantics ({@code rate=10Mb/s@50ms}): every interval the credit is
 * replenished by {@code rate * interval} bytes, never beyond one interval's worth (or the largest
 * unit, so that one can always pass). Time comes from the caller, so tests count instead of sleeping.
 */
public final class TokenBucket {

    private final long creditPerInterval;
    private final long intervalNanos;
    private final long maxCredit;
    private long credit;
    private long nextRefill;

    public TokenBucket(long creditPerInterval, long intervalNanos, long largestUnit, long now) {
        if (creditPerInterval < 1 || intervalNanos < 1) {
            throw new IllegalArgumentException("credit and interval must be positive");
        }
        this.creditPerInterval = creditPerInterval;
        this.intervalNanos = intervalNanos;
        this.maxCredit = Math.max(creditPerInterval, largestUnit);
        this.credit = creditPerInterval;
        this.nextRefill = Long.MIN_VALUE;
    }

    public static TokenBucket bytes(RateLimit limit, long largestFrame, long now) {
        return new TokenBucket(limit.bytesPerInterval(), limit.intervalNanos(), largestFrame, now);
    }

    /** Takes {@code amount} if the bucket holds it now; false (nothing taken) otherwise. */
    public synchronized boolean tryTake(long amount, long now) {
        refill(now);
        if (credit < amount) {
            return false;
        }
        credit -= amount;
        return true;
    }

    /** When {@code amount} could be taken: {@code now} if it can, else a later refill time. */
    public synchronized long availableAt(long amount, long now) {
        refill(now);
        if (credit >= amount) {
            return now;
        }
        long missing = amount - credit;
        long intervals = (missing + creditPerInterval - 1) / creditPerInterval;
        return nextRefill + (intervals - 1) * intervalNanos;
    }

    /** The bucket starts full at its first use, on the caller's clock. */
    private void refill(long now) {
        if (nextRefill == Long.MIN_VALUE) {
            nextRefill = now + intervalNanos;
        } else if (now >= nextRefill) {
            long intervals = 1 + (now - nextRefill) / intervalNanos;
            credit = Math.min(maxCredit, credit + intervals * creditPerInterval);
            nextRefill += intervals * intervalNanos;
        }
    }

    public long creditPerInterval() {
        return creditPerInterval;
    }

    public long intervalNanos() {
        return intervalNanos;
    }
}
