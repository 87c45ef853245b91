package org.xensv.hypervisor.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guest RAM advised as transparent huge pages: the kernel really backs a guest's first write to a
 * 2 MiB block with a huge page (the process's {@code AnonHugePages} in {@code /proc/self/smaps_rollup}
 * grows), gives it back when the guest goes, and never backs more than a guest's size; what the
 * guest sees (4 KiB pages, zeros where never written, post-copy, checksums) is as with 4 KiB pages.
 * Skipped, with the reason, where the kernel's transparent huge pages are {@code never}.
 */
class HugePagesTest {

    private static final long MIB = 1L << 20;
    private static final long PLENTY = 1L << 50;

    private long keepBefore = -1;
    private long limitBefore;

    @BeforeEach
    void hugePagesInUse() {
        assumeThat(AddressSpace.available()).as("guest RAM from reserved address space (Linux)").isTrue();
        assumeThat(HugePages.kernelMode()).as("the kernel's transparent huge pages (" + HugePages.ENABLED + ")")
                .isIn("always", "madvise");
        assumeThat(HugePages.requested()).as(HugePages.PROPERTY).isTrue();
        keepBefore = KeptRam.keepBytes();
        limitBefore = KeptRam.limitBytes();
        KeptRam.configure(0, PLENTY); // nothing kept: a guest's memory goes back to the kernel when it goes
        GuestMemory.arriving(1).release(); // the first arriving guest's RAM of the process decides
        assumeThat(HugePages.inUse()).as(HugePages.describe()).isTrue();
    }

    @AfterEach
    void restoreThePool() {
        if (keepBefore >= 0) { // not skipped
            KeptRam.configure(keepBefore, limitBefore);
        }
    }

    @Test
    void aGuestsFirstWriteToA2MiBBlockBacksItWithAHugePageAndDestroyGivesItBack() throws Exception {
        assertThat(HugePages.describe()).contains("on");
        long before = anonHugePages();
        GuestMemory memory = GuestMemory.arriving(64 * 256); // 64 MiB
        for (long pfn = 0; pfn < memory.pages(); pfn += 512) { // one 4 KiB page per 2 MiB block
            memory.guestWrite(pfn, (p, page) -> Pages.putLong(page, 0, p + 1));
        }
        long touched = anonHugePages() - before;
        assertThat(touched).as("AnonHugePages after one write per block of 32 blocks (khugepaged or a neighbour may change it a little)")
                .isGreaterThanOrEqualTo(32 * MIB);
        assertThat(memory.populatedPages()).as("the guest still sees 4 KiB pages: 32 written").isEqualTo(32);
        assertThat(memory.isZero(1)).as("a page never written in a backed block reads zeros").isTrue();
        assertThat(Pages.getLong(memory.page(512), 0)).isEqualTo(513);

        memory.release();
        assertThat(anonHugePages()).as("destroy gives the huge pages back (madvise(MADV_DONTNEED))").isLessThanOrEqualTo(before + 2 * MIB);
    }

    @Test
    void aGuestWhoseSizeIsNotAMultipleOf2MiBHasNoHugePageInItsLastBlock() throws Exception {
        long before = anonHugePages();
        GuestMemory odd = GuestMemory.arriving(3 * 256); // 3 MiB: one whole block and half of the next
        GuestMemory next = GuestMemory.arriving(2 * 256); // right after it, on the next block boundary
        odd.guestWrite(0, (p, page) -> Pages.putLong(page, 0, 1));
        odd.guestWrite(odd.pages() - 1, (p, page) -> Pages.putLong(page, 0, 2));
        next.guestWrite(0, (p, page) -> Pages.putLong(page, 0, 3));
        assertThat(Mapping.of(odd.page(0).address()).flags()).as("the odd guest's first, whole block").contains("hg");
        Mapping tail = Mapping.of(odd.page(odd.pages() - 1).address());
        assertThat(tail.flags()).as("the odd guest's last half block: advised no huge pages").contains("nh");
        assertThat(tail.anonHugePages()).as("and backed by none").isZero();
        assertThat(Mapping.of(next.page(0).address()).flags()).as("the next guest's first block").contains("hg");
        assertThat(Pages.getLong(odd.page(odd.pages() - 1), 0)).isEqualTo(2);
        assertThat(Pages.getLong(next.page(0), 0)).as("the next guest's memory is its own").isEqualTo(3);
        odd.release();
        next.release();

        GuestMemory whole = GuestMemory.arriving(4 * 256); // takes the odd guest's blocks: both huge again
        whole.guestWrite(0, (p, page) -> Pages.putLong(page, 0, 1));
        whole.guestWrite(whole.pages() - 1, (p, page) -> Pages.putLong(page, 0, 1));
        assertThat(Mapping.of(whole.page(whole.pages() - 1).address()).flags()).as("the last block given back is advised as huge pages again")
                .contains("hg").doesNotContain("nh");
        assertThat(anonHugePages()).as("backed by huge pages").isGreaterThan(before);
        whole.release();
    }

    @Test
    void aBootingGuestKeeps4KiBPages() throws Exception {
        GuestMemory booting = GuestMemory.booting(4 * 256);
        booting.guestWrite(0, (p, page) -> Pages.putLong(page, 0, 1));
        Mapping mapping = Mapping.of(booting.page(0).address());
        assertThat(mapping.flags()).as("a booting guest writes a few pages at a time: no huge pages (an idle guest stays small)")
                .doesNotContain("hg");
        assertThat(mapping.anonHugePages()).isZero();
        booting.release();
    }

    @Test
    void postCopyAbsentPagesAndChecksumsWorkInsideHugePages() throws Exception {
        GuestMemory source = GuestMemory.arriving(4 * 256);
        GuestMemory destination = GuestMemory.arriving(4 * 256);
        byte[] content = new byte[GuestMemory.PAGE_SIZE];
        for (long pfn = 0; pfn < source.pages(); pfn++) {
            long value = pfn * 31 + 7;
            source.guestWrite(pfn, (p, page) -> Pages.putLong(page, 8, value));
        }
        destination.prepareWrite(0, destination.pages());
        for (long pfn = 0; pfn < source.pages(); pfn++) {
            source.readPage(pfn, content);
            destination.writePage(pfn, content);
        }
        assertThat(destination.checksum()).isEqualTo(source.checksum());

        destination.markAbsent(600); // one 4 KiB page of a huge page
        assertThat(destination.isAbsent(600)).isTrue();
        assertThat(destination.isAbsent(601)).isFalse();
        assertThat(Pages.getLong(destination.page(601), 8)).as("its neighbours keep their content").isEqualTo(601 * 31 + 7);
        source.readPage(600, content);
        assertThat(destination.installPage(600, content)).isTrue();
        assertThat(destination.checksum()).isEqualTo(source.checksum());

        destination.enableLogDirty();
        destination.guestWrite(5, (p, page) -> Pages.putLong(page, 16, 1));
        assertThat(destination.readAndClearDirty().count()).as("the dirty log is per 4 KiB page").isEqualTo(1);
        source.release();
        destination.release();
    }

    /** The mapping of this process holding an address, from {@code /proc/self/smaps}: its VmFlags and AnonHugePages. */
    record Mapping(java.util.List<String> flags, long anonHugePages) {

        static Mapping of(long address) throws IOException {
            boolean inside = false;
            long huge = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
                if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                    String[] range = line.substring(0, line.indexOf(' ')).split("-");
                    inside = Long.compareUnsigned(Long.parseUnsignedLong(range[0], 16), address) <= 0
                            && Long.compareUnsigned(address, Long.parseUnsignedLong(range[1], 16)) < 0;
                } else if (inside && line.startsWith("AnonHugePages:")) {
                    huge = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                } else if (inside && line.startsWith("VmFlags:")) {
                    return new Mapping(java.util.List.of(line.substring("VmFlags:".length()).trim().split(" +")), huge);
                }
            }
            throw new IllegalStateException("no mapping of this process holds 0x" + Long.toHexString(address));
        }
    }

    /** The process's anonymous memory in huge pages, from {@code /proc/self/smaps_rollup}. */
    static long anonHugePages() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps_rollup"))) {
            if (line.startsWith("AnonHugePages:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no AnonHugePages in /proc/self/smaps_rollup");
    }
}
