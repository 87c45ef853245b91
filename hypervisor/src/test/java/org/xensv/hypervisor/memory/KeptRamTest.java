package org.xensv.hypervisor.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kept pool: freed guest RAM stays resident for the next guest, which never sees the last one's bytes. */
class KeptRamTest {

    private static final long MIB = 1L << 20;
    private static final long PLENTY = 1L << 50;
    private static final byte OLD = 0x5A;

    private long keepBefore;
    private long limitBefore;

    @BeforeEach
    void emptyThePool() {
        assumeThat(AddressSpace.available()).as("guest RAM from reserved address space (Linux)").isTrue();
        keepBefore = KeptRam.keepBytes();
        limitBefore = KeptRam.limitBytes();
        KeptRam.configure(0, PLENTY); // whatever earlier tests in this JVM left kept goes back
    }

    @AfterEach
    void restoreThePool() {
        KeptRam.configure(keepBefore, limitBefore);
    }

    @Test
    void aKeptRangeReusedByTheNextGuestReadsZeroWhereverThatGuestNeverWrote() {
        KeptRam.configure(64 * MIB, PLENTY);
        GuestMemory first = filled(8);
        long start = first.page(0).address();
        first.release();
        assertThat(KeptRam.keptBytes()).as("the whole range, written, stays resident").isEqualTo(8 * MIB);

        GuestMemory next = GuestMemory.ofMiB(8);
        assertThat(KeptRam.keptBytes()).as("taken from the pool").isZero();
        next.guestWrite(3, (pfn, page) -> Pages.putLong(page, 1, 42L));
        assertThat(next.page(3).address()).as("first fit over the kept ranges: the range just given back").isEqualTo(start + 3 * 4096);
        byte[] copy = new byte[GuestMemory.PAGE_SIZE];
        for (long pfn = 0; pfn < next.pages(); pfn++) {
            if (pfn == 3) {
                continue;
            }
            assertThat(next.isZero(pfn)).isTrue();
            assertThat(Pages.isZero(next.page(pfn))).as("page %d reads zeros, not the last guest's bytes", pfn).isTrue();
            next.readPage(pfn, copy);
            assertThat(Pages.isZero(copy, 0)).isTrue();
        }
        MemorySegment written = next.page(3);
        assertThat(Pages.getLong(written, 1)).isEqualTo(42L);
        written = MemorySegment.ofArray(new byte[GuestMemory.PAGE_SIZE]).copyFrom(written);
        Pages.putLong(written, 1, 0L);
        assertThat(Pages.isZero(written)).as("a partial first write clears the rest of the page").isTrue();
        assertThat(next.nonZeroPages()).isEqualTo(1);

        GuestMemory fresh = GuestMemory.ofMiB(8);
        fresh.guestWrite(3, (pfn, page) -> Pages.putLong(page, 1, 42L));
        assertThat(next.checksum()).as("reads the same as a guest on fresh memory").isEqualTo(fresh.checksum());
        fresh.release();
        next.release();
    }

    @Test
    void aPageWrittenWholeIntoKeptRamIsCopiedAndAZeroOneStaysUnbacked() {
        KeptRam.configure(64 * MIB, PLENTY);
        filled(4).release();
        GuestMemory next = GuestMemory.ofMiB(4);
        byte[] content = new byte[GuestMemory.PAGE_SIZE];
        java.util.Arrays.fill(content, (byte) 7);
        next.prepareWrite(0, next.pages());
        next.writePage(10, content);
        next.writePage(11, new byte[GuestMemory.PAGE_SIZE]);
        next.markAbsent(12);
        next.installPage(12, Pages.zeroPage());
        byte[] copy = new byte[GuestMemory.PAGE_SIZE];
        next.readPage(10, copy);
        assertThat(copy).isEqualTo(content);
        assertThat(next.isPopulated(11)).isFalse();
        assertThat(Pages.isZero(next.page(11))).isTrue();
        assertThat(Pages.isZero(next.page(12))).as("an absent page installed as zeros").isTrue();
        assertThat(next.populatedPages()).isEqualTo(1);
        next.release();
    }

    @Test
    void twoVcpusWritingTheSamePageOfKeptRamFirstBothKeepTheirWrites() throws Exception {
        KeptRam.configure(64 * MIB, PLENTY);
        filled(16).release();
        GuestMemory next = GuestMemory.ofMiB(16);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] vcpus = new Thread[2];
        for (int v = 0; v < 2; v++) {
            int word = v;
            vcpus[v] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (long pfn = 0; pfn < next.pages(); pfn++) {
                    next.guestWrite(pfn, (p, page) -> Pages.putLong(page, word, p + 1));
                }
            });
            vcpus[v].start();
        }
        go.countDown();
        for (Thread vcpu : vcpus) {
            vcpu.join();
        }
        for (long pfn = 0; pfn < next.pages(); pfn++) {
            MemorySegment page = next.page(pfn);
            assertThat(Pages.getLong(page, 0)).as("page %d, vCPU 0's word", pfn).isEqualTo(pfn + 1);
            assertThat(Pages.getLong(page, 1)).as("page %d, vCPU 1's word", pfn).isEqualTo(pfn + 1);
            assertThat(Pages.getLong(page, 2)).isZero();
        }
        assertThat(next.populatedPages()).isEqualTo(next.pages());
        next.release();
    }

    @Test
    void thePoolNeverHoldsMoreThanItsCapAndWhatExceedsItIsGivenBack() {
        KeptRam.configure(8 * MIB, PLENTY);
        GuestMemory a = filled(8);
        GuestMemory b = filled(8);
        long bStart = b.page(0).address();
        a.release();
        assertThat(KeptRam.keptBytes()).isEqualTo(8 * MIB);
        b.release();
        assertThat(KeptRam.keptBytes()).as("the cap").isEqualTo(8 * MIB);
        assertThat(AddressSpace.resident(bStart, 8 * MIB)).as("the range beyond the cap went back to the system").isZero();

        GuestMemory half = filled(4);
        half.release();
        assertThat(KeptRam.keptBytes()).as("4 MiB taken from the kept range and given back: at the cap again").isEqualTo(8 * MIB);

        KeptRam.configure(2 * MIB, PLENTY);
        assertThat(KeptRam.keptBytes()).as("a lower cap gives back at once").isZero();
    }

    @Test
    void keptAndInUseRamTogetherStayWithinTheLimitSoKeepingNeverExceedsTheBudget() {
        long inUse = KeptRam.inUseBytes();
        KeptRam.configure(64 * MIB, inUse + 16 * MIB);
        GuestMemory a = filled(8);
        long aStart = a.page(0).address();
        a.release();
        assertThat(KeptRam.keptBytes()).isEqualTo(8 * MIB);

        GuestMemory b = GuestMemory.ofMiB(12); // does not fit the kept range: new RAM, and 8 + 12 > 16
        assertThat(KeptRam.inUseBytes()).isEqualTo(inUse + 12 * MIB);
        assertThat(KeptRam.keptBytes()).as("the kept range made room for the new guest").isZero();
        assertThat(AddressSpace.resident(aStart, 8 * MIB)).isZero();

        GuestMemory c = filled(4);
        c.release();
        assertThat(KeptRam.keptBytes()).as("4 MiB kept beside 12 in use: 16, within the limit").isEqualTo(4 * MIB);
        b.guestWrite(0, (pfn, page) -> page.fill((byte) 1));
        b.release();
        assertThat(KeptRam.keptBytes() + KeptRam.inUseBytes()).isLessThanOrEqualTo(inUse + 16 * MIB);
    }

    @Test
    void givingBackAllEmptiesThePoolAndKeepsItsCap() {
        KeptRam.configure(64 * MIB, PLENTY);
        GuestMemory a = filled(4);
        long start = a.page(0).address();
        a.release();
        assertThat(KeptRam.keptBytes()).isEqualTo(4 * MIB);
        KeptRam.giveBackAll();
        assertThat(KeptRam.keptBytes()).isZero();
        assertThat(AddressSpace.resident(start, 4 * MIB)).isZero();
        assertThat(KeptRam.keepBytes()).isEqualTo(64 * MIB);
    }

    @Test
    void nothingIsKeptUntilConfigured() {
        GuestMemory a = filled(4);
        long start = a.page(0).address();
        a.release();
        assertThat(KeptRam.keptBytes()).isZero();
        assertThat(AddressSpace.resident(start, 4 * MIB)).isZero();
    }

    @Test
    void prefillBacksThePoolToItsCapWithinTheLimitAndServesArrivalsNotBoots() {
        KeptRam.configure(16 * MIB, PLENTY);
        assertThat(KeptRam.prefill()).isEqualTo(16 * MIB);
        assertThat(KeptRam.keptBytes()).isEqualTo(16 * MIB);
        assertThat(KeptRam.prefill()).as("full already").isZero();

        GuestMemory booting = GuestMemory.booting(8 * 256);
        assertThat(KeptRam.keptBytes()).as("a booting guest takes fresh memory").isEqualTo(16 * MIB);
        GuestMemory arriving = GuestMemory.arriving(8 * 256);
        assertThat(KeptRam.keptBytes()).as("an arriving guest takes from the pool").isLessThan(16 * MIB);
        assertThat(Pages.isZero(arriving.page(5))).isTrue();
        booting.release();
        arriving.release();

        KeptRam.giveBackAll();
        KeptRam.configure(64 * MIB, KeptRam.inUseBytes() + 6 * MIB);
        assertThat(KeptRam.prefill()).as("kept plus in use stays within the limit, in whole 2 MiB").isEqualTo(6 * MIB);
    }

    @Test
    void aGuestTakesTheKeptRangeThatFitsAndNeverTheNextOneOverAnotherGuestsMemory() {
        KeptRam.configure(64 * MIB, PLENTY);
        long unit = AddressSpace.BLOCK; // a range starts on a block and spans whole blocks (huge pages)
        // 8 units cut in four: 1, 4 and 1 units given back in that order (the pool's tree then holds the
        // 4-unit range at its root, a range on each side), the last 2 units still in use by a guest
        AddressSpace.Range whole = AddressSpace.take(8 * unit, false);
        long small = whole.start();
        long fits = small + unit;
        long after = fits + 4 * unit;
        long neighbour = after + unit;
        MemorySegment.ofAddress(whole.start()).reinterpret(8 * unit).fill(OLD); // resident: kept when given back
        AddressSpace.giveBack(small, unit);
        AddressSpace.giveBack(fits, 4 * unit);
        AddressSpace.giveBack(after, unit);
        assertThat(KeptRam.keptBytes()).isEqualTo(6 * unit);

        AddressSpace.Range taken = AddressSpace.take(4 * unit, true);
        assertThat(taken.start()).as("the first kept range of 4 units, not the 1-unit one after it, which runs into the neighbour's")
                .isEqualTo(fits);
        assertThat(taken.stale()).isTrue();
        AddressSpace.Range next = AddressSpace.take(unit, true);
        assertThat(next.start()).as("the first 1-unit kept range, still in the pool").isEqualTo(small);
        assertThat(KeptRam.keptBytes()).as("the last 1-unit range").isEqualTo(unit);
        AddressSpace.giveBack(next.start(), unit);
        AddressSpace.giveBack(taken.start(), 4 * unit);
        AddressSpace.giveBack(neighbour, 2 * unit);
    }

    @Test
    void aGuestOfPartOfABlockTakesAndGivesBackTheWholeBlock() {
        KeptRam.configure(64 * MIB, PLENTY);
        GuestMemory odd = filled(3); // 3 MiB: one block and half of the next
        GuestMemory next = GuestMemory.booting(256);
        long nextStart = next.page(0).address();
        assertThat(nextStart % AddressSpace.BLOCK).as("a guest starts on a block").isZero();
        assertThat(nextStart >= odd.page(0).address() + 2 * AddressSpace.BLOCK || nextStart + AddressSpace.BLOCK <= odd.page(0).address())
                .as("never in the odd guest's last block").isTrue();
        long oddStart = odd.page(0).address();
        odd.release();
        assertThat(KeptRam.keptBytes()).as("kept: the guest's resident bytes (with huge pages: its blocks that hold any)")
                .isBetween(3 * MIB, 4 * MIB);
        GuestMemory again = GuestMemory.ofMiB(1); // a smaller guest from the kept range
        again.guestWrite(0, (pfn, page) -> Pages.putLong(page, 1, 42L));
        assertThat(again.page(0).address()).as("first fit over the kept ranges").isEqualTo(oddStart);
        assertThat(AddressSpace.resident(oddStart + MIB, MIB)).as("nothing of the last guest left beyond the new guest's end").isZero();
        for (long pfn = 1; pfn < again.pages(); pfn++) {
            assertThat(Pages.isZero(again.page(pfn))).as("page %d reads zeros, not the last guest's bytes", pfn).isTrue();
        }
        again.release();
        next.release();
    }

    /** A guest of {@code mib} MiB whose every page the guest wrote with {@link #OLD}. */
    private static GuestMemory filled(long mib) {
        GuestMemory memory = GuestMemory.ofMiB(mib);
        for (long pfn = 0; pfn < memory.pages(); pfn++) {
            memory.guestWrite(pfn, (p, page) -> page.fill(OLD));
        }
        return memory;
    }
}
