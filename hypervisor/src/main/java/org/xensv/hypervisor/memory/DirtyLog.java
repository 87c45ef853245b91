package org.xensv.hypervisor.memory;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A log-dirty bitmap, one bit per page of a {@link GuestMemory} (or per block of a virtual disk):
 * allocated on first enable; a writer marks after its write completed.
 */
public final class DirtyLog {

    private final long pages;
    private volatile AtomicLongArray bitmap;
    volatile boolean enabled;

    public boolean isEnabled() {
        return enabled;
    }

    public DirtyLog(long pages) {
        this.pages = pages;
    }

    /** Starts logging with an empty bitmap. */
    public synchronized void enable() {
        if (bitmap == null) {
            bitmap = new AtomicLongArray((int) ((pages + 63) >>> 6));
        } else {
            for (int i = 0; i < bitmap.length(); i++) {
                bitmap.set(i, 0);
            }
        }
        enabled = true;
    }

    public synchronized void disable() {
        enabled = false;
    }

    /** Marks a page; called after the write completed. */
    public void mark(long pfn) {
        AtomicLongArray words = bitmap;
        int w = (int) (pfn >>> 6);
        long bit = 1L << pfn;
        if ((words.get(w) & bit) == 0) {
            words.getAndUpdate(w, x -> x | bit);
        }
    }

    /** The live bitmap word {@code w} (pages 64w..64w+63), without clearing; 0 when disabled. */
    long peek(int w) {
        AtomicLongArray words = bitmap;
        return enabled && words != null ? words.get(w) : 0;
    }

    public DirtyPages readAndClear() {
        AtomicLongArray words = bitmap;
        DirtyPages out = DirtyPages.none(pages);
        if (words != null) {
            for (int i = 0; i < out.words().length; i++) {
                if (words.get(i) != 0) {
                    out.words()[i] = words.getAndSet(i, 0);
                }
            }
        }
        return out;
    }

    public long count() {
        AtomicLongArray words = bitmap;
        long n = 0;
        if (words != null) {
            for (int i = 0; i < words.length(); i++) {
                n += Long.bitCount(words.get(i));
            }
        }
        return n;
    }
}
