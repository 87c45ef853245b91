package org.xensv.hypervisor.migration;

import java.util.concurrent.locks.LockSupport;

/**
 * A token bucket on the sending side, held for the whole migration (the stop-and-copy phase too:
 * a real link does not speed up while the guest is paused). Burst: 1 ms of traffic, at least 64 KiB.
 */
final class Bandwidth {

    private final long bytesPerSec;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    Bandwidth(long bytesPerSec) {
        this.bytesPerSec = bytesPerSec;
        this.burst = Math.max(64 * 1024, bytesPerSec / 1000.0);
        this.tokens = burst;
    }

    boolean unlimited() {
        return bytesPerSec == 0;
    }

    long bytesPerSec() {
        return bytesPerSec;
    }

    /** Waits until {@code bytes} may go on the wire, then takes them (the balance may go negative). */
    synchronized void acquire(long bytes) {
        if (bytesPerSec == 0) {
            return;
        }
        refill();
        while (tokens < 0 || (tokens < bytes && tokens < burst)) {
            double missing = Math.min(bytes, burst) - tokens;
            LockSupport.parkNanos((long) (missing * 1e9 / bytesPerSec));
            refill();
        }
        tokens -= bytes;
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * (double) bytesPerSec / 1e9);
        last = now;
    }
}
