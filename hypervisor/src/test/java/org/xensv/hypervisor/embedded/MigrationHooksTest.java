package org.xensv.hypervisor.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;
import org.xensv.hypervisor.memory.DirtyPages;
import org.xensv.hypervisor.memory.GuestMemory;
import org.xensv.hypervisor.embedded.workload.GuestState;
import org.xensv.hypervisor.embedded.workload.WorkloadInvariant;

/** The runtime's side of live migration, driven in-process the way the migration engine does. */
class MigrationHooksTest {

    private final String source = TestHosts.uniqueName("src");
    private final String destination = TestHosts.uniqueName("dst");
    private final EmbeddedHost src = EmbeddedRuntime.host(source, 2, 2048);
    private final EmbeddedHost dst = EmbeddedRuntime.host(destination, 2, 2048);

    @AfterEach
    void removeHosts() {
        EmbeddedRuntime.remove(source);
        EmbeddedRuntime.remove(destination);
    }

    private EmbeddedDomain runningDatabase() {
        DomainConfig config = DomainConfig.of("mover", 2, 128).withWorkload(new WorkloadSpec(WorkloadKind.DATABASE, 32, 8, 20_000, 5));
        EmbeddedDomain domain = src.define(config);
        domain.start();
        TestHosts.await("booted", () -> domain.memory().pageWritesTotal() > 32 * 256 + 1000);
        return domain;
    }

    private static long copy(GuestMemory from, GuestMemory to, DirtyPages pages) {
        byte[] buf = new byte[GuestMemory.PAGE_SIZE];
        AtomicLong sent = new AtomicLong();
        pages.forEach(pfn -> {
            from.readPage(pfn, buf);
            to.writePage(pfn, buf);
            sent.incrementAndGet();
        });
        return sent.get();
    }

    private static DirtyPages allPopulated(GuestMemory memory) {
        DirtyPages all = DirtyPages.none(memory.pages());
        for (long pfn = memory.nextPopulated(0); pfn >= 0; pfn = memory.nextPopulated(pfn + 1)) {
            all.words()[(int) (pfn >>> 6)] |= 1L << pfn;
        }
        return all;
    }

    @Test
    void preCopyRoundsThenStopAndCopyGiveAnIdenticalVerifiedGuest() {
        EmbeddedDomain vm = runningDatabase();
        GuestMemory mem = vm.memory();
        EmbeddedDomain incoming = dst.prepareIncoming(vm.config());
        assertThat(incoming.state()).isEqualTo(PowerState.PAUSED);
        GuestMemory target = incoming.incomingMemory();

        mem.enableLogDirty();
        copy(mem, target, allPopulated(mem));
        vm.setThrottle(50);
        for (int round = 1; round < 4; round++) {
            copy(mem, target, mem.readAndClearDirty());
        }
        vm.pause();
        copy(mem, target, mem.readAndClearDirty());
        GuestState state = vm.captureState();
        assertThat(target.checksum()).isEqualTo(mem.checksum());

        incoming.completeIncoming(GuestState.fromBytes(state.toBytes()));
        incoming.unpause();
        vm.hardShutdown();
        TestHosts.await("running on the destination", () -> incoming.memory().pageWritesTotal() > 2000);
        incoming.pause();
        assertThat(WorkloadInvariant.verify(incoming.memory(), incoming.captureState()).failures()).isEmpty();
        assertThat(incoming.throttle()).isZero();
    }

    @Test
    void postCopyRunsTheGuestWhilePagesArriveOnDemand() {
        EmbeddedDomain vm = runningDatabase();
        vm.pause();
        GuestMemory mem = vm.memory();
        GuestState state = vm.captureState();
        EmbeddedDomain incoming = dst.prepareIncoming(vm.config());
        GuestMemory target = incoming.incomingMemory();
        for (long pfn = mem.nextPopulated(0); pfn >= 0; pfn = mem.nextPopulated(pfn + 1)) {
            target.markAbsent(pfn);
        }
        AtomicLong faults = new AtomicLong();
        byte[] buf = new byte[GuestMemory.PAGE_SIZE];
        target.setFaultHandler(pfn -> {
            faults.incrementAndGet();
            Thread.ofVirtual().start(() -> {
                byte[] page = new byte[GuestMemory.PAGE_SIZE];
                mem.readPage(pfn, page);
                target.installPage(pfn, page);
            });
        });
        incoming.completeIncoming(state);
        incoming.unpause();
        TestHosts.await("guest made progress on demand", () -> faults.get() > 50);
        // push the rest, as post-copy's background stream does
        for (long pfn = mem.nextPopulated(0); pfn >= 0; pfn = mem.nextPopulated(pfn + 1)) {
            mem.readPage(pfn, buf);
            target.installPage(pfn, buf);
        }
        assertThat(target.absentPages()).isZero();
        long writes = target.pageWritesTotal();
        TestHosts.await("running on", () -> target.pageWritesTotal() > writes + 1000);
        incoming.pause();
        assertThat(WorkloadInvariant.verify(target, incoming.captureState()).failures()).isEmpty();
    }

    @Test
    void anAbortedIncomingDomainLeavesNothingBehind() {
        EmbeddedDomain vm = runningDatabase();
        long free = dst.freeMemoryMiB();
        EmbeddedDomain incoming = dst.prepareIncoming(vm.config());
        assertThat(dst.freeMemoryMiB()).isEqualTo(free - 128);
        incoming.abortIncoming();
        dst.undefine(vm.config().uuid());
        assertThat(dst.freeMemoryMiB()).isEqualTo(free);
        assertThat(dst.domains()).isEmpty();
        assertThat(vm.state()).isEqualTo(PowerState.RUNNING);
    }
}
