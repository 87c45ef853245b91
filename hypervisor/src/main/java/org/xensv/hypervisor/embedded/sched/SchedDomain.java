package org.xensv.hypervisor.embedded.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A domain's share of the credit scheduler: its vCPUs, weight, cap, throttle, clock and CPU time.
 * Created paused; {@link #unpause()} lets it run.
 */
public final class SchedDomain {

    private final CreditScheduler scheduler;
    private final String name;
    final List<Vcpu> vcpus = new ArrayList<>(1);
    final AtomicLong cpuTime = new AtomicLong();
    private final DomainClock clock = new DomainClock();
    volatile boolean pauseRequested = true;
    volatile int weight;
    volatile int capPercent;
    volatile int throttlePercent;
    long ranThisPeriod;
    boolean removed;
    volatile java.util.function.Consumer<Throwable> crashHandler = e -> { };
    private volatile java.util.function.BiConsumer<Long, Runnable> pageWaiter = (pfn, wake) -> wake.run();

    SchedDomain(CreditScheduler scheduler, String name, int weight, int capPercent) {
        this.scheduler = scheduler;
        this.name = name;
        this.weight = weight;
        this.capPercent = capPercent;
    }

    public String name() {
        return name;
    }

    /** Adds a vCPU (paused with the domain until {@link #unpause()}). */
    public void addVcpu(VcpuBody body) {
        scheduler.addVcpu(this, body);
    }

    public int vcpuCount() {
        return vcpus.size();
    }

    /** Weight 1..65535 and cap in percent of one pCPU (0 = none); takes effect at the next accounting. */
    public void setQos(int weight, int capPercent) {
        this.weight = weight;
        this.capPercent = capPercent;
    }

    /** Withholds {@code percent} (0..99) of each vCPU's time and slows the domain clock to match. */
    public void setThrottle(int percent) {
        if (percent < 0 || percent > 99) {
            throw new IllegalArgumentException("throttle must be 0..99 percent, got " + percent);
        }
        throttlePercent = percent;
        clock.throttle(percent);
    }

    public int throttle() {
        return throttlePercent;
    }

    /** The cap the scheduler enforces: the configured cap, tightened by the throttle. 0 = none. */
    int effectiveCapPercent(int activeVcpus) {
        int cap = capPercent;
        if (throttlePercent > 0) {
            int throttled = (100 - throttlePercent) * Math.max(1, activeVcpus);
            cap = cap == 0 ? throttled : Math.min(cap, throttled);
        }
        return cap;
    }

    /** Stops every vCPU at a safe point (between steps); returns once none is running. */
    public void pause() {
        scheduler.pause(this);
        clock.run(false);
    }

    public void unpause() {
        clock.run(true);
        scheduler.unpause(this);
    }

    public boolean paused() {
        return pauseRequested;
    }

    /** Wakes every blocked or sleeping vCPU of the domain (an interrupt: device, timer, event). */
    public void wake() {
        scheduler.wake(this);
    }

    /** Pauses and forgets the domain; its vCPUs never run again. */
    public void remove() {
        pause();
        scheduler.remove(this);
    }

    /** Nanoseconds its vCPUs have actually run. */
    public long cpuTimeNanos() {
        return cpuTime.get();
    }

    /**
     * Called (on the pCPU worker, so it must not pause the domain itself) when a step throws: the
     * guest crashed. The crashing vCPU is left blocked.
     */
    public void onCrash(java.util.function.Consumer<Throwable> handler) {
        this.crashHandler = handler;
    }

    /** Where a vCPU that faulted on an absent page registers to be woken (set by the domain). */
    public void onPageWait(java.util.function.BiConsumer<Long, Runnable> waiter) {
        this.pageWaiter = waiter;
    }

    void waitForPage(long pfn, Runnable wake) {
        pageWaiter.accept(pfn, wake);
    }

    public DomainClock clock() {
        return clock;
    }
}
