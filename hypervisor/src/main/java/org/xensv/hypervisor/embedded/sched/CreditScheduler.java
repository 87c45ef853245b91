package org.xensv.hypervisor.embedded.sched;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Xen's credit scheduler over a fixed set of pCPU worker threads. Every accounting period each
 * active domain earns {@code pcpus * period * weight / totalWeight} nanoseconds of credit (bounded
 * by its cap), split among its active vCPUs; running burns credit. vCPUs with credit left (UNDER)
 * run before those without (OVER); a capped vCPU out of credit is parked until the next period.
 * vCPUs run in slices of at most {@link #SLICE_NANOS}, one step at a time.
 */
public final class CreditScheduler {

    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private record Timer(long deadline, Vcpu vcpu, long token) {
    }

    final ReentrantLock lock = new ReentrantLock();
    final Condition work = lock.newCondition();
    private final Condition stopped = lock.newCondition();
    private final String name;
    private final int pcpus;
    private final List<SchedDomain> domains = new ArrayList<>();
    private final ArrayDeque<Vcpu> under = new ArrayDeque<>();
    private final ArrayDeque<Vcpu> over = new ArrayDeque<>();
    private final List<Vcpu> parked = new ArrayList<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
    private final AtomicLong busyNanos = new AtomicLong();
    private final List<Thread> workers = new ArrayList<>();
    /** The idle worker that waits for the next timer or accounting on everyone's behalf (null: none), and until when. */
    private Thread timekeeper;
    private long keptUntil;
    private long lastAccounting = System.nanoTime();
    private long nextAccounting = lastAccounting + PERIOD_NANOS;
    volatile boolean shutdown;

    public CreditScheduler(String name, int pcpus) {
        this.name = name;
        this.pcpus = pcpus;
    }

    public int pcpus() {
        return pcpus;
    }

    /** Nanoseconds the pCPUs spent running vCPUs. */
    public long busyNanos() {
        return busyNanos.get();
    }

    public SchedDomain createDomain(String domainName, int weight, int capPercent) {
        SchedDomain domain = new SchedDomain(this, domainName, weight, capPercent);
        lock.lock();
        try {
            startWorkers();
            domains.add(domain);
        } finally {
            lock.unlock();
        }
        return domain;
    }

    /** Stops the worker threads; every domain stops running. */
    public void shutdown() {
        shutdown = true;
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void startWorkers() {
        if (!workers.isEmpty()) {
            return;
        }
        for (int i = 0; i < pcpus; i++) {
            Thread t = new Thread(new PcpuWorker(this), name + "-pcpu" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    void addVcpu(SchedDomain domain, VcpuBody body) {
        lock.lock();
        try {
            Vcpu v = new Vcpu(domain, domain.vcpus.size(), body);
            domain.vcpus.add(v);
            if (!domain.pauseRequested) {
                makeRunnable(v);
            }
        } finally {
            lock.unlock();
        }
    }

    void pause(SchedDomain domain) {
        lock.lock();
        try {
            domain.pauseRequested = true;
            for (Vcpu v : domain.vcpus) {
                if (v.state != Vcpu.State.RUNNING && v.state != Vcpu.State.STOPPED) {
                    v.state = Vcpu.State.PAUSED;
                    v.timerToken++;
                }
            }
            while (domain.vcpus.stream().anyMatch(v -> v.state == Vcpu.State.RUNNING)) {
                stopped.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    void unpause(SchedDomain domain) {
        lock.lock();
        try {
            if (domain.removed) {
                return;
            }
            domain.pauseRequested = false;
            for (Vcpu v : domain.vcpus) {
                if (v.state == Vcpu.State.PAUSED) {
                    makeRunnable(v);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    void wake(SchedDomain domain) {
        lock.lock();
        try {
            for (Vcpu v : domain.vcpus) {
                wakeLocked(v);
            }
        } finally {
            lock.unlock();
        }
    }

    void wake(Vcpu v) {
        lock.lock();
        try {
            wakeLocked(v);
        } finally {
            lock.unlock();
        }
    }

    private void wakeLocked(Vcpu v) {
        switch (v.state) {
            case SLEEPING, BLOCKED -> makeRunnable(v);
            case RUNNING -> v.wakePending = true;
            default -> { }
        }
    }

    void remove(SchedDomain domain) {
        lock.lock();
        try {
            domain.removed = true;
            domain.vcpus.forEach(v -> v.state = Vcpu.State.STOPPED);
            domains.remove(domain);
        } finally {
            lock.unlock();
        }
    }

    private void makeRunnable(Vcpu v) {
        enqueue(v);
        work.signal();
    }

    /** Runnable without waking a worker: for a worker about to pick (it wakes another if more is left). */
    private void enqueue(Vcpu v) {
        v.state = Vcpu.State.RUNNABLE;
        v.timerToken++;
        if (!v.queued) {
            v.queued = true;
            (v.under() ? under : over).addLast(v);
        }
    }

    // ---- called by the pCPU workers, lock held ------------------------------------------------

    /**
     * The next vCPU to run, or null after a wait. An idle worker waits until it is signalled (a vCPU
     * made runnable) or, if it keeps time for the others, until the next timer or accounting: one
     * idle worker keeps time, the others sleep until there is work, so a host whose guests are idle
     * wakes one thread per guest timer tick, and a host with nothing running wakes none.
     */
    Vcpu pickOrWait() throws InterruptedException {
        long now = System.nanoTime();
        if (now >= nextAccounting) {
            account(now);
        }
        fireTimers(now);
        Vcpu v = poll(under);
        if (v == null) {
            v = poll(over);
        }
        if (v != null) {
            v.state = Vcpu.State.RUNNING;
            v.wakePending = false;
            // another idle worker runs what is left, or takes over the time this one kept
            if (!under.isEmpty() || !over.isEmpty() || (timekeeper == null && deadline() != Long.MAX_VALUE)) {
                work.signal();
            }
            return v;
        }
        long until = deadline();
        if (until == Long.MAX_VALUE || (timekeeper != null && keptUntil <= until)) {
            work.await(); // nothing to time, or another idle worker wakes at or before this deadline
            return null;
        }
        Thread self = Thread.currentThread();
        timekeeper = self;
        keptUntil = until;
        try {
            work.awaitNanos(Math.max(until - now, 10_000));
        } finally {
            if (timekeeper == self) {
                timekeeper = null;
            }
        }
        return null;
    }

    /** When a worker must look again with nothing signalled: the next timer, or the next accounting while a vCPU is parked. */
    private long deadline() {
        long until = Long.MAX_VALUE;
        if (!parked.isEmpty()) {
            until = nextAccounting;
        }
        if (!timers.isEmpty()) {
            until = Math.min(until, timers.peek().deadline);
        }
        return until;
    }

    private static Vcpu poll(ArrayDeque<Vcpu> queue) {
        Vcpu v;
        while ((v = queue.pollFirst()) != null) {
            v.queued = false;
            if (v.state == Vcpu.State.RUNNABLE) {
                return v;
            }
        }
        return null;
    }

    /**
     * Ends a slice: burns credit, accounts CPU time and puts the vCPU where its step result says. The
     * worker calls {@link #pickOrWait} next, which keeps time for a timer set here.
     */
    void finish(Vcpu v, long ran, long result) {
        v.credit -= ran;
        v.domain.ranThisPeriod += ran;
        v.domain.cpuTime.addAndGet(ran);
        busyNanos.addAndGet(ran);
        if (v.state == Vcpu.State.STOPPED) {
            stopped.signalAll();
            return;
        }
        if (v.domain.pauseRequested) {
            v.state = Vcpu.State.PAUSED;
            stopped.signalAll();
            return;
        }
        if (result == VcpuBody.CONTINUE || v.wakePending) {
            if (v.credit < 0 && v.domain.effectiveCapPercent(v.domain.vcpus.size()) > 0) {
                v.state = Vcpu.State.PARKED;
                parked.add(v);
            } else {
                enqueue(v); // this worker picks next, and wakes another if more is left
            }
        } else if (result == VcpuBody.BLOCK) {
            v.state = Vcpu.State.BLOCKED;
        } else {
            v.state = Vcpu.State.SLEEPING;
            v.wakeAt = result;
            timers.add(new Timer(result, v, ++v.timerToken));
        }
    }

    /** How long the current slice of {@code v} may last: its credit if capped, else a slice. */
    long sliceFor(Vcpu v) {
        if (v.domain.effectiveCapPercent(v.domain.vcpus.size()) > 0) {
            return Math.max(10_000, Math.min(SLICE_NANOS, v.credit));
        }
        return SLICE_NANOS;
    }

    private void fireTimers(long now) {
        while (!timers.isEmpty() && timers.peek().deadline <= now) {
            Timer t = timers.poll();
            if (t.vcpu.state == Vcpu.State.SLEEPING && t.vcpu.timerToken == t.token) {
                enqueue(t.vcpu);
            }
        }
    }

    /**
     * Xen's csched_acct: hands out the pCPU time elapsed since the last accounting (normally one
     * period; more when the host was idle or late, at most 10 periods), so credit matches time.
     */
    private void account(long now) {
        long elapsed = Math.min(10 * PERIOD_NANOS, now - lastAccounting);
        lastAccounting = now;
        nextAccounting = now + PERIOD_NANOS;
        CreditAccounting.distribute(domains, pcpus, elapsed);
        List<Vcpu> unpark = new ArrayList<>(parked);
        parked.clear();
        for (Vcpu v : unpark) {
            if (v.state != Vcpu.State.PARKED) {
                continue;
            }
            if (v.credit > 0 || v.domain.effectiveCapPercent(v.domain.vcpus.size()) == 0) {
                enqueue(v);
            } else {
                parked.add(v);
            }
        }
        requeueByPriority();
        // the worker accounting picks next, and wakes another while vCPUs are left to run
    }

    private void requeueByPriority() {
        List<Vcpu> all = new ArrayList<>(under.size() + over.size());
        all.addAll(under);
        all.addAll(over);
        under.clear();
        over.clear();
        for (Vcpu v : all) {
            if (v.state == Vcpu.State.RUNNABLE) {
                (v.under() ? under : over).addLast(v);
            } else {
                v.queued = false;
            }
        }
    }
}
