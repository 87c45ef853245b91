package org.xensv.hypervisor.embedded.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Helpers on one 4 KiB page: 64-bit word access and zero test. */
public final class Pages {

    public static final int WORDS = GuestMemory.PAGE_SIZE / 8;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] ZERO = new byte[GuestMemory.PAGE_SIZE];
    private static final java.nio.ByteBuffer ZERO_BUFFER = java.nio.ByteBuffer.allocateDirect(GuestMemory.PAGE_SIZE).asReadOnlyBuffer();

    private Pages() {
    }

    public static long getLong(byte[] page, int wordIndex) {
        return (long) LONGS.get(page, wordIndex << 3);
    }

    public static void putLong(byte[] page, int wordIndex, long value) {
        LONGS.set(page, wordIndex << 3, value);
    }

    public static boolean isZero(byte[] page) {
        return isZero(page, 0);
    }

    /** True when the page stored in {@code b} at {@code off} is all zeros. */
    public static boolean isZero(byte[] b, int off) {
        return java.util.Arrays.mismatch(b, off, off + GuestMemory.PAGE_SIZE, ZERO, 0, GuestMemory.PAGE_SIZE) < 0;
    }

    /** True when the bytes from {@code page}'s position to its limit (one page) are all zeros. */
    public static boolean isZero(java.nio.ByteBuffer page) {
        return page.mismatch(ZERO_BUFFER.duplicate()) < 0;
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

    /** CRC32C of the page stored in {@code b} at {@code off}. */
    public static int crc(byte[] b, int off) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(b, off, GuestMemory.PAGE_SIZE);
        return (int) crc.getValue();
    }

    /** CRC32C of the page from {@code page}'s position to its limit (which it consumes). */
    public static int crc(java.nio.ByteBuffer page) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(page);
        return (int) crc.getValue();
    }

    /** A strong 64-bit mix (SplitMix64's finaliser). */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
