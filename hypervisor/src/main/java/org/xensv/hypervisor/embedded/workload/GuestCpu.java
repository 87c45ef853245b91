package org.xensv.hypervisor.embedded.workload;

import org.xensv.hypervisor.memory.PageFault;
import org.xensv.hypervisor.memory.PageUpdater;
import org.xensv.hypervisor.memory.Pages;
import org.xensv.hypervisor.embedded.sched.VcpuBody;

/**
 * One vCPU of the guest: boots its partition of memory (the pages with {@code pfn % n == index}),
 * then runs the workload. A step that faults on an absent page is rolled back (its random state and
 * cursor) and redone once the page is there; the writes it made stay counted, so the generation sum
 * still matches.
 */
final class GuestCpu implements VcpuBody {

    private static final int BOOT_BATCH = 256;
    private static final long STATUS_EVERY_NANOS = 5_000_000_000L;
    private static final long MAX_BURST_NANOS = 100_000_000L;

    private final Guest guest;
    private final int index;
    private final PageUpdater stamp;
    long booted;
    long rng;
    long cursor;
    long pageWrites;
    long steps;
    boolean pendingCommit;
    private long rateBaseClock = -1;
    private long rateBaseWrites;
    private long workWrites;
    private long lastStatus;

    GuestCpu(Guest guest, VcpuState state) {
        this.guest = guest;
        this.index = state.index();
        this.booted = state.booted();
        this.rng = state.rng();
        this.cursor = state.cursor();
        this.pageWrites = state.pageWrites();
        this.steps = state.steps();
        long seed = guest.spec().seed();
        this.stamp = (pfn, page) -> GuestPage.advance(page, pfn, seed);
    }

    VcpuState state() {
        return new VcpuState(index, booted, rng, cursor, pageWrites, steps);
    }

    Guest guest() {
        return guest;
    }

    int index() {
        return index;
    }

    int vcpuCount() {
        return guest.vcpuCount();
    }

    boolean booted() {
        return booted >= partitionSize(guest.fillPages());
    }

    @Override
    public long step() {
        long rng0 = rng;
        long cursor0 = cursor;
        try {
            steps++;
            if (!booted()) {
                return bootStep();
            }
            if (index == 0 && guest.serveConsole()) {
                return CONTINUE; // a line typed on the serial console, answered by the guest's shell
            }
            return guest.workload().step(this);
        } catch (PageFault fault) {
            rng = rng0;
            cursor = cursor0;
            throw fault;
        }
    }

    private long bootStep() {
        if (booted == 0 && index == 0) {
            guest.bootBanner();
        }
        long mine = partitionSize(guest.fillPages());
        long end = Math.min(mine, booted + BOOT_BATCH);
        while (booted < end) {
            writePage(index + booted * vcpuCount());
            booted++;
        }
        if (booted == mine) {
            guest.cpuBooted();
        }
        return CONTINUE;
    }

    /** How many of the first {@code pages} pages belong to this vCPU. */
    long partitionSize(long pages) {
        int n = vcpuCount();
        return pages <= index ? 0 : (pages - index + n - 1) / n;
    }

    /** A page of this vCPU's partition among the first {@code limit} pages, from a random draw; -1 if none. */
    long ownPage(long random, long limit) {
        long mine = partitionSize(limit);
        return mine == 0 ? -1 : index + Long.remainderUnsigned(random, mine) * vcpuCount();
    }

    void writePage(long pfn) {
        guest.memory().guestWrite(pfn, stamp);
        pageWrites++;
        workWrites++;
    }

    long nextRandom() {
        rng += 0x9E3779B97F4A7C15L;
        return Pages.mix(rng);
    }

    /** Pages this vCPU may still write now under the workload's pages-per-second rate (domain clock). */
    long allowance() {
        long pps = guest.spec().pagesPerSecond();
        if (pps == 0) {
            return Long.MAX_VALUE;
        }
        long now = guest.clock().now();
        if (rateBaseClock < 0 || now - rateBaseClock > MAX_BURST_NANOS * 50) {
            rateBaseClock = now;
            rateBaseWrites = workWrites;
        }
        long allowed = (long) ((now - rateBaseClock) * (double) pps / vcpuCount() / 1e9);
        long done = workWrites - rateBaseWrites;
        long burst = Math.max(1, pps * MAX_BURST_NANOS / 1_000_000_000L / vcpuCount());
        if (allowed - done > burst) {
            rateBaseWrites += (allowed - done) - burst;
            done = workWrites - rateBaseWrites;
        }
        return allowed - done;
    }

    /** A deadline at which about 16 more pages are allowed. */
    long sleepForRate() {
        long pps = Math.max(1, guest.spec().pagesPerSecond());
        long virtualNanos = 16L * vcpuCount() * 1_000_000_000L / pps;
        return System.nanoTime() + Math.min(1_000_000_000L, guest.clock().realNanosFor(virtualNanos));
    }

    void maybeReportStatus() {
        if (index != 0) {
            return;
        }
        long now = guest.clock().now();
        if (now - lastStatus >= STATUS_EVERY_NANOS) {
            lastStatus = now;
            guest.reportStatus(now);
        }
    }
}
