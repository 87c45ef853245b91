package org.xensv.hypervisor.migration;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;
import org.xensv.hypervisor.memory.GuestMemory;
import org.xensv.hypervisor.memory.PageFault;
import org.xensv.hypervisor.embedded.workload.GuestPage;
import org.xensv.hypervisor.embedded.workload.GuestState;
import org.xensv.hypervisor.embedded.workload.VcpuState;

/**
 * A one-vCPU guest on a thread of its own for engine tests: random page writes over a working set at a
 * set rate (0 = unthrottled), pause at a safe point, throttle, post-copy faults; keeps the workload
 * invariant (GuestPage generations) so any copy of its memory can be verified.
 */
final class TestGuest implements MigrationSource {

    final UUID uuid;
    final String name;
    final GuestMemory memory;
    final WorkloadSpec spec;
    final TestHost host;
    private final long fillPages;
    private final long workingSet;
    private long rng;
    private long pageWrites;
    private long steps;
    private final Thread vcpu;
    private volatile boolean pauseRequested;
    private volatile boolean parked;
    private volatile boolean stopped;
    private volatile int throttle;
    volatile long pauseChecksum;
    volatile GuestState pauseState;
    volatile long startChecksum;
    volatile boolean faulting;
    /** Test hook: at the next pause, write page 0 without marking it dirty. */
    volatile boolean loseAWriteAtPause;

    private TestGuest(TestHost host, UUID uuid, String name, GuestMemory memory, WorkloadSpec spec, long rng, long pageWrites, long steps) {
        this.host = host;
        this.uuid = uuid;
        this.name = name;
        this.memory = memory;
        this.spec = spec;
        this.fillPages = spec.fillMiB() * 256;
        this.workingSet = Math.max(1, Math.min(fillPages, spec.workingSetMiB() * 256));
        this.rng = rng;
        this.pageWrites = pageWrites;
        this.steps = steps;
        this.vcpu = new Thread(this::run, "test-vcpu-" + name + "@" + host.name);
        vcpu.setDaemon(true);
    }

    static TestGuest boot(TestHost host, String name, long memoryMiB, long fillMiB, long workingSetMiB, long pagesPerSecond) {
        var spec = new WorkloadSpec(WorkloadKind.DATABASE, fillMiB, workingSetMiB, pagesPerSecond, 42);
        var guest = new TestGuest(host, UUID.randomUUID(), name, GuestMemory.ofMiB(memoryMiB), spec, 0x9E3779B97F4A7C15L, 0, 0);
        for (long pfn = 0; pfn < guest.fillPages; pfn++) {
            guest.memory.guestWrite(pfn, (p, page) -> GuestPage.advance(page, p, spec.seed()));
        }
        guest.pageWrites = guest.fillPages;
        host.domains.put(guest.uuid, guest);
        guest.vcpu.start();
        return guest;
    }

    static TestGuest restore(TestHost host, UUID uuid, String name, GuestMemory memory, GuestState state) {
        VcpuState v = state.vcpus().get(0);
        var guest = new TestGuest(host, uuid, name, memory, state.workload(), v.rng(), v.pageWrites(), v.steps());
        if (memory.absentPages() == 0) {
            guest.startChecksum = memory.checksum();
        }
        host.domains.put(uuid, guest);
        guest.vcpu.start();
        return guest;
    }

    private void run() {
        while (!stopped) {
            if (pauseRequested) {
                synchronized (this) {
                    while (pauseRequested && !stopped) {
                        parked = true;
                        notifyAll();
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    parked = false;
                }
                continue;
            }
            long sliceStart = System.nanoTime();
            long n = spec.pagesPerSecond() == 0 ? 64 : Math.max(1, spec.pagesPerSecond() / 1000);
            for (long i = 0; i < n && !pauseRequested && !stopped; i++) {
                rng ^= rng << 13;
                rng ^= rng >>> 7;
                rng ^= rng << 17;
                write(Long.remainderUnsigned(rng, workingSet));
                steps++;
            }
            long worked = System.nanoTime() - sliceStart;
            if (spec.pagesPerSecond() > 0) {
                LockSupport.parkNanos(sliceStart + 1_000_000 - System.nanoTime());
            }
            int t = throttle;
            if (t > 0) {
                LockSupport.parkNanos(worked * t / (100 - t));
            }
        }
    }

    private void write(long pfn) {
        while (!stopped) {
            try {
                memory.guestWrite(pfn, (p, page) -> GuestPage.advance(page, p, spec.seed()));
                pageWrites++;
                return;
            } catch (PageFault fault) {
                faulting = true;
                CountDownLatch present = new CountDownLatch(1);
                memory.whenPresent(pfn, present::countDown);
                try {
                    while (!present.await(10, TimeUnit.MILLISECONDS) && !stopped) {
                        // waiting for the page from the source
                    }
                } catch (InterruptedException e) {
                    return;
                }
                faulting = false;
            }
        }
    }

    boolean running() {
        return !stopped && !pauseRequested && vcpu.isAlive();
    }

    GuestState state() {
        return new GuestState(spec, fillPages, List.of(new VcpuState(0, fillPages, rng, 0, pageWrites, steps)));
    }

    void stop() {
        stopped = true;
        synchronized (this) {
            notifyAll();
        }
        try {
            vcpu.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- MigrationSource ---------------------------------------------------------------------

    @Override
    public UUID uuid() {
        return uuid;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] config() {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeLong(uuid.getMostSignificantBits());
            out.writeLong(uuid.getLeastSignificantBits());
            out.writeUTF(name);
            out.writeLong(memory.pages() / 256);
            out.writeInt(1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public GuestMemory memory() {
        return memory;
    }

    @Override
    public synchronized void pause() {
        pauseRequested = true;
        notifyAll();
        while (!parked && !stopped && vcpu.isAlive()) {
            try {
                wait(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (loseAWriteAtPause) {
            // a write the log-dirty bitmap misses (as a hypervisor bug would): the next migration must notice
            memory.disableLogDirty();
            memory.guestWrite(0, (p, page) -> GuestPage.advance(page, p, spec.seed()));
            pageWrites++;
        }
        pauseChecksum = memory.checksum();
        pauseState = state();
    }

    @Override
    public synchronized void unpause() {
        pauseRequested = false;
        notifyAll();
    }

    @Override
    public void setThrottle(int percent) {
        throttle = percent;
    }

    int throttle() {
        return throttle;
    }

    @Override
    public byte[] captureState() {
        return state().toBytes();
    }

    @Override
    public void handedOver() {
        stop();
        host.domains.remove(uuid, this);
    }
}
