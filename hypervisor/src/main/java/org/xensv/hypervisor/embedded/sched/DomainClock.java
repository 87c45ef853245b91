package org.xensv.hypervisor.embedded.sched;

/**
 * A domain's virtual clock: stands still while the domain is paused and runs at {@code 1 - throttle}
 * of real time while it is throttled (auto-converge slows what the guest can do per real second).
 */
public final class DomainClock {

    private long base;
    private long since = System.nanoTime();
    private int rateMillis = 1000;
    private boolean running;

    /** The domain's time in nanoseconds since it was created. */
    public synchronized long now() {
        return running ? base + (System.nanoTime() - since) * rateMillis / 1000 : base;
    }

    /** Real nanoseconds needed for {@code virtualNanos} of domain time at the current rate. */
    public synchronized long realNanosFor(long virtualNanos) {
        return rateMillis == 0 ? Long.MAX_VALUE / 4 : virtualNanos * 1000 / rateMillis;
    }

    synchronized void run(boolean run) {
        fold();
        running = run;
    }

    synchronized void throttle(int percent) {
        fold();
        rateMillis = 10 * (100 - percent);
    }

    private void fold() {
        long real = System.nanoTime();
        if (running) {
            base += (real - since) * rateMillis / 1000;
        }
        since = real;
    }
}
