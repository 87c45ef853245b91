package org.xensv.hypervisor.memory;

import java.util.function.LongConsumer;

/**
 * A snapshot of a log-dirty bitmap, as taken by {@link GuestMemory#readAndClearDirty()}: bit
 * {@code pfn % 64} of word {@code pfn / 64} is set when the page was written since the last read.
 */
public record DirtyPages(long[] words) {

    public static DirtyPages none(long pages) {
        return new DirtyPages(new long[(int) ((pages + 63) >>> 6)]);
    }

    public boolean contains(long pfn) {
        return (words[(int) (pfn >>> 6)] & (1L << pfn)) != 0;
    }

    public long count() {
        long n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    public boolean isEmpty() {
        for (long w : words) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    /** Calls {@code action} with every dirty pfn, ascending. */
    public void forEach(LongConsumer action) {
        for (int i = 0; i < words.length; i++) {
            long w = words[i];
            while (w != 0) {
                int bit = Long.numberOfTrailingZeros(w);
                action.accept(((long) i << 6) + bit);
                w &= w - 1;
            }
        }
    }

    /** The union of this set and another of the same size. */
    public DirtyPages or(DirtyPages other) {
        long[] merged = words.clone();
        for (int i = 0; i < merged.length; i++) {
            merged[i] |= other.words[i];
        }
        return new DirtyPages(merged);
    }
}
