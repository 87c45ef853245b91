package org.xensv.hypervisor.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32C;

/** Helpers on one 4 KiB page: 64-bit word access, zero test, CRC32C and the whole-memory checksum terms. */
public final class Pages {

    public static final int WORDS = GuestMemory.PAGE_SIZE / 8;
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final MemorySegment ZERO = Arena.global().allocate(GuestMemory.PAGE_SIZE, GuestMemory.PAGE_SIZE);
    private static final byte[] ZERO_ARRAY = new byte[GuestMemory.PAGE_SIZE];
    /** CRC32C of a page of zeros: a page whose CRC differs is not zero, with no pass over it. */
    public static final int ZERO_PAGE_CRC = crc(ZERO);

    private Pages() {
    }

    /** A page of zeros, read-only. */
    public static MemorySegment zeroPage() {
        return ZERO.asReadOnly();
    }

    /** Word {@code wordIndex} of the page, little-endian. */
    public static long getLong(MemorySegment page, int wordIndex) {
        return page.get(WORD, (long) wordIndex << 3);
    }

    public static void putLong(MemorySegment page, int wordIndex, long value) {
        page.set(WORD, (long) wordIndex << 3, value);
    }

    /** True when the page (one page of bytes) is all zeros. */
    public static boolean isZero(MemorySegment page) {
        return page.mismatch(ZERO) < 0;
    }

    /**
     * True when the page, whose CRC32C is {@code crc}, is all zeros: a second pass over the page only
     * when its CRC is a zero page's, so a page whose CRC is known already costs nothing more.
     */
    public static boolean isZero(MemorySegment page, int crc) {
        return crc == ZERO_PAGE_CRC && isZero(page);
    }

    /** True when the page stored in {@code b} at {@code off} is all zeros. */
    public static boolean isZero(byte[] b, int off) {
        return java.util.Arrays.mismatch(b, off, off + GuestMemory.PAGE_SIZE, ZERO_ARRAY, 0, GuestMemory.PAGE_SIZE) < 0;
    }

    /** CRC32C of the page stored in {@code b} at {@code off}. */
    public static int crc(byte[] b, int off) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, GuestMemory.PAGE_SIZE);
        return (int) crc.getValue();
    }

    /** CRC32C of one page. */
    public static int crc(MemorySegment page) {
        CRC32C crc = new CRC32C();
        crc.update(page.asByteBuffer());
        return (int) crc.getValue();
    }

    /**
     * The contribution of one non-zero page to a whole-memory checksum ({@link GuestMemory#checksum()}):
     * the page's number and the CRC32C of its content, mixed. Contributions add up, so a checksum can
     * be kept up to date page by page as pages arrive (a migration's destination does), in any order.
     */
    public static long checksumTerm(long pfn, int crc32c) {
        return mix(pfn * 0xC2B2AE3D27D4EB4FL + (crc32c & 0xFFFFFFFFL));
    }

    /** The whole-memory checksum from the sum of its pages' {@link #checksumTerm terms}. */
    public static long checksumOf(long termSum, long pages) {
        return mix(termSum ^ pages * 0x9E3779B97F4A7C15L);
    }

    /** A strong 64-bit mix (SplitMix64's finaliser). */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
