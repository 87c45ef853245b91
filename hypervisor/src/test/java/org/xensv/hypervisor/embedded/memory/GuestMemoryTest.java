package org.xensv.hypervisor.embedded.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(Pages.isZero(page)).isTrue();
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
        assertThat(a.copy().checksum()).isEqualTo(a.checksum());
        b.guestWrite(50, STAMP);
        assertThat(b.checksum()).isNotEqualTo(a.checksum());
        assertThat(WorkloadInvariant.check(b, 7).ok()).isTrue();
    }

    @Test
    void invariantCatchesATornPage() {
        GuestMemory memory = GuestMemory.ofMiB(1);
        memory.guestWrite(3, STAMP);
        memory.guestWrite(3, (pfn, page) -> page[1000] ^= 1);
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
        byte[] page = new byte[GuestMemory.PAGE_SIZE];
        GuestPage.write(page, 10, 1, 7);
        memory.writePage(10, page);
        assertThat(woken).hasValue(1);
        assertThat(memory.absentPages()).isZero();
        memory.guestWrite(10, STAMP);
        assertThat(WorkloadInvariant.check(memory, 7).generationSum()).isEqualTo(2);
    }

    @Test
    void releasedFramesGoBackToTheFreeListOnlyAfterTheLastHolderAndComeBackZeroed() {
        PageFrames.drain();
        GuestMemory memory = GuestMemory.ofMiB(1);
        for (long pfn = 0; pfn < 8; pfn++) {
            memory.guestWrite(pfn, (p, page) -> java.util.Arrays.fill(page, (byte) 0x5A));
        }
        memory.retain(); // a migration copying from it
        memory.release(); // the domain is torn down
        assertThat(memory.populatedPages()).as("still held by the migration").isEqualTo(8);
        memory.release(); // the migration ended
        assertThat(PageFrames.freeFrames()).isGreaterThanOrEqualTo(8);
        assertThat(memory.populatedPages()).isZero();
        assertThatThrownBy(memory::retain).isInstanceOf(IllegalStateException.class);

        GuestMemory next = GuestMemory.ofMiB(1);
        long[] first = new long[1];
        next.guestWrite(0, (p, page) -> first[0] = Pages.getLong(page, 100));
        assertThat(first[0]).as("another guest's data never shows through").isZero();
        PageFrames.drain();
    }
}
