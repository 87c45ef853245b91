package org.xensv.hypervisor.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.embedded.workload.GuestPage;
import org.xensv.hypervisor.embedded.workload.WorkloadInvariant;

class GuestMemoryTest {

    private static final PageUpdater STAMP = (pfn, page) -> GuestPage.advance(page, pfn, 7);

    @Test
    void aPageNeverWrittenIsZeroAndCostsNothing() {
        GuestMemory memory = GuestMemory.ofMiB(4096);
        assertThat(memory.touchedBytes()).isZero();
        assertThat(memory.isZero(123_456)).isTrue();
        assertThat(memory.isPopulated(123_456)).isFalse();
        for (long pfn = 0; pfn < 25_600; pfn++) {
            memory.guestWrite(pfn, STAMP);
        }
        assertThat(memory.touchedBytes()).isEqualTo(100L << 20);
        assertThat(memory.nonZeroPages()).isEqualTo(25_600);
        byte[] page = new byte[GuestMemory.PAGE_SIZE];
        memory.readPage(999_999, page);
        assertThat(Pages.isZero(MemorySegment.ofArray(page))).isTrue();
    }

    @Test
    void logDirtyRecordsWritesOnlyWhileEnabledAndReadClears() {
        GuestMemory memory = GuestMemory.ofMiB(16);
        memory.guestWrite(1, STAMP);
        memory.enableLogDirty();
        assertThat(memory.readAndClearDirty().isEmpty()).isTrue();
        memory.guestWrite(5, STAMP);
        memory.guestWrite(64, STAMP);
        memory.guestWrite(5, STAMP);
        DirtyPages dirty = memory.readAndClearDirty();
        List<Long> pfns = new ArrayList<>();
        dirty.forEach(pfns::add);
        assertThat(pfns).containsExactly(5L, 64L);
        assertThat(memory.readAndClearDirty().count()).isZero();
        memory.disableLogDirty();
        memory.guestWrite(9, STAMP);
        assertThat(memory.dirtyCount()).isZero();
        assertThat(memory.pageWritesTotal()).isEqualTo(5);
    }

    @Test
    void checksumIsTheSameForEqualContentHoweverBacked() {
        GuestMemory a = GuestMemory.ofMiB(8);
        for (long pfn = 0; pfn < 100; pfn++) {
            a.guestWrite(pfn, STAMP);
        }
        GuestMemory b = new GuestMemory(a.pages());
        byte[] page = new byte[GuestMemory.PAGE_SIZE];
        for (long pfn = 0; pfn < a.pages(); pfn++) {
            a.readPage(pfn, page);
            b.writePage(pfn, page);
        }
        assertThat(b.populatedPages()).isEqualTo(100);
        assertThat(b.checksum()).isEqualTo(a.checksum());
        assertThat(b.pageChecksum(3)).isEqualTo(a.pageChecksum(3));
        b.guestWrite(50, STAMP);
        assertThat(b.checksum()).isNotEqualTo(a.checksum());
        assertThat(WorkloadInvariant.check(b, 7).ok()).isTrue();
    }

    @Test
    void invariantCatchesATornPage() {
        GuestMemory memory = GuestMemory.ofMiB(1);
        memory.guestWrite(3, STAMP);
        memory.guestWrite(3, (pfn, page) -> page.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 1000, (byte) (page.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 1000) ^ 1)));
        assertThat(WorkloadInvariant.check(memory, 7).failures()).singleElement().asString().contains("torn");
    }

    @Test
    void anAbsentPageFaultsUntilInstalled() {
        GuestMemory memory = GuestMemory.ofMiB(1);
        AtomicInteger faults = new AtomicInteger();
        memory.setFaultHandler(pfn -> faults.incrementAndGet());
        memory.markAbsent(10);
        assertThat(memory.absentPages()).isEqualTo(1);
        assertThatThrownBy(() -> memory.guestWrite(10, STAMP)).isInstanceOf(PageFault.class);
        assertThat(faults).hasValue(1);
        AtomicInteger woken = new AtomicInteger();
        memory.whenPresent(10, woken::incrementAndGet);
        assertThat(woken).hasValue(0);
        MemorySegment page = Arena.ofAuto().allocate(GuestMemory.PAGE_SIZE);
        GuestPage.write(page, 10, 1, 7);
        memory.writePage(10, page);
        assertThat(woken).hasValue(1);
        assertThat(memory.absentPages()).isZero();
        memory.guestWrite(10, STAMP);
        assertThat(WorkloadInvariant.check(memory, 7).generationSum()).isEqualTo(2);
    }

    @Test
    void guestPagesLiveOutsideTheHeapAndReleaseUnmapsThemOnlyAfterTheLastHolder() {
        GuestMemory memory = GuestMemory.ofMiB(64);
        long heapBefore = usedHeap();
        for (long pfn = 0; pfn < memory.pages(); pfn++) {
            memory.guestWrite(pfn, (p, page) -> page.fill((byte) 0x5A));
        }
        assertThat(memory.touchedBytes()).isEqualTo(64L << 20);
        assertThat(usedHeap() - heapBefore).as("64 MiB of guest pages cost the heap only their state bytes").isLessThan(16L << 20);

        memory.retain(); // a migration copying from it
        memory.release(); // the domain is torn down
        assertThat(memory.populatedPages()).as("still held by the migration").isEqualTo(memory.pages());
        assertThat(Pages.getLong(memory.page(7), 3)).isEqualTo(0x5A5A5A5A5A5A5A5AL);
        memory.release(); // the migration ended
        assertThat(memory.populatedPages()).isZero();
        assertThat(memory.released()).isTrue();
        assertThatThrownBy(memory::retain).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> memory.readPage(7, new byte[GuestMemory.PAGE_SIZE]))
                .as("a late reader gets an exception, never freed memory").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aPageMarkedAbsentLosesItsOldContentAndAZeroInstallLeavesItUnbacked() {
        GuestMemory memory = GuestMemory.ofMiB(1);
        memory.guestWrite(4, STAMP);
        memory.markAbsent(4);
        assertThat(memory.populatedPages()).isZero();
        assertThat(memory.installPage(4, Pages.zeroPage())).isTrue();
        assertThat(memory.isPopulated(4)).isFalse();
        assertThat(memory.isZero(4)).as("the stale content was given back, not kept").isTrue();
        assertThat(memory.installPage(4, Pages.zeroPage())).as("only an absent page is installed").isFalse();
    }

    @Test
    void aReleasedGuestsRangeIsReusedAndAnotherGuestNeverSeesItsData() {
        long keep = KeptRam.keepBytes();
        KeptRam.configure(0, KeptRam.limitBytes()); // a range emptied when given back (the kept pool: KeptRamTest)
        try {
            GuestMemory first = GuestMemory.ofMiB(8);
            long start = first.page(0).address();
            for (long pfn = 0; pfn < first.pages(); pfn++) {
                first.guestWrite(pfn, (p, page) -> page.fill((byte) 0x5A));
            }
            first.release();
            GuestMemory next = GuestMemory.ofMiB(8);
            assertThat(next.page(0).address()).as("first fit: the range just given back").isEqualTo(start);
            for (long pfn = 0; pfn < next.pages(); pfn += 97) {
                assertThat(next.isZero(pfn)).isTrue();
                assertThat(Pages.isZero(next.page(pfn))).as("page %d reads zeros, not the last guest's bytes", pfn).isTrue();
            }
            next.release();
        } finally {
            KeptRam.configure(keep, KeptRam.limitBytes());
        }
    }

    @Test
    void preparingPagesForAWriteChangesNothingAReaderSees() {
        GuestMemory memory = GuestMemory.ofMiB(4);
        memory.prepareWrite(16, 128);
        assertThat(memory.populatedPages()).isZero();
        assertThat(memory.isZero(20)).isTrue();
        assertThat(Pages.isZero(memory.page(20))).isTrue();
        assertThatThrownBy(() -> memory.prepareWrite(1000, 100)).isInstanceOf(IndexOutOfBoundsException.class);
        memory.release();
    }

    private static long usedHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
