package org.xensv.hypervisor.embedded.workload;

import java.lang.foreign.MemorySegment;
import org.xensv.hypervisor.memory.Pages;

/**
 * The layout every workload writes into a guest page, so that any copy of the memory can be checked
 * (as QEMU's migration test does with its counter pattern):
 * word 0 = pfn ^ MAGIC, word 1 = generation (starts at 1, only ever advances), word 2 = seed,
 * words 3..510 = a pattern derived from (seed, pfn, generation), word 511 = a checksum of words 0..510.
 * A lost, torn or misplaced page fails {@link #check}; a stale one lowers the generation sum.
 */
public final class GuestPage {

    static final long MAGIC = 0x58454E5356504147L; // "XENSVPAG"
    private static final long WEYL = 0x9E3779B97F4A7C15L;
    private static final int LAST = Pages.WORDS - 1;

    private GuestPage() {
    }

    /** Writes generation {@code generation} of page {@code pfn}. */
    public static void write(MemorySegment page, long pfn, long generation, long seed) {
        long h = seed;
        h = fold(h, put(page, 0, pfn ^ MAGIC));
        h = fold(h, put(page, 1, generation));
        h = fold(h, put(page, 2, seed));
        long x = Pages.mix(seed ^ pfn * 0xC2B2AE3D27D4EB4FL ^ generation * 0x165667B19E3779F9L);
        for (int i = 3; i < LAST; i++) {
            x += WEYL;
            h = fold(h, put(page, i, x));
        }
        Pages.putLong(page, LAST, h);
    }

    /** Advances the page to its next generation and returns it (1 for a page never written). */
    public static long advance(MemorySegment page, long pfn, long seed) {
        long generation = Pages.getLong(page, 1) + 1;
        write(page, pfn, generation, seed);
        return generation;
    }

    public static long generation(MemorySegment page) {
        return Pages.getLong(page, 1);
    }

    /** Null when the page is a valid generation of {@code pfn} for {@code seed}, else what is wrong. */
    public static String check(MemorySegment page, long pfn, long seed) {
        if (Pages.getLong(page, 0) != (pfn ^ MAGIC)) {
            return "page " + pfn + " holds another page's header (pfn " + (Pages.getLong(page, 0) ^ MAGIC) + ")";
        }
        long generation = Pages.getLong(page, 1);
        if (generation < 1) {
            return "page " + pfn + " has generation " + generation;
        }
        if (Pages.getLong(page, 2) != seed) {
            return "page " + pfn + " was written with seed " + Pages.getLong(page, 2) + ", expected " + seed;
        }
        long h = fold(fold(fold(seed, pfn ^ MAGIC), generation), seed);
        long x = Pages.mix(seed ^ pfn * 0xC2B2AE3D27D4EB4FL ^ generation * 0x165667B19E3779F9L);
        for (int i = 3; i < LAST; i++) {
            x += WEYL;
            long word = Pages.getLong(page, i);
            if (word != x) {
                return "page " + pfn + " generation " + generation + " is torn at word " + i;
            }
            h = fold(h, word);
        }
        if (Pages.getLong(page, LAST) != h) {
            return "page " + pfn + " generation " + generation + " fails its checksum";
        }
        return null;
    }

    private static long put(MemorySegment page, int i, long value) {
        Pages.putLong(page, i, value);
        return value;
    }

    private static long fold(long h, long word) {
        return (h ^ word) * 0x100000001B3L + (h >>> 29);
    }
}
