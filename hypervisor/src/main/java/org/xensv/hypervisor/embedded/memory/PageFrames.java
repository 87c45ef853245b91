package org.xensv.hypervisor.embedded.memory;

import java.util.Arrays;

/**
 * The process's free list of 4 KiB page frames, like a hypervisor's free page list: a domain torn
 * down gives its frames back ({@link GuestMemory#release()}), and the next page a guest touches or a
 * migration receives takes one instead of a fresh allocation. On the JVM that saves zeroing a new
 * array and, above all, the collector's copying of every fresh page out of the young generation
 * (a received 512 MiB guest is 131,072 long-lived arrays).
 *
 * <p>Bounded: frames beyond {@link #capacityFrames()} are left to the collector. The bound is the
 * system property {@code xensv.page-pool-mib}, by default a quarter of the maximum heap.
 * A frame taken for a guest's first write is zeroed; a frame taken to hold a copied page is not
 * (the copy overwrites all of it), so one guest's data never reaches another.
 */
public final class PageFrames {

    private static final int CAPACITY = capacity();
    private static final Object LOCK = new Object();
    private static byte[][] stack = new byte[1024][];
    private static int top;

    private PageFrames() {
    }

    private static int capacity() {
        long mib = Long.getLong("xensv.page-pool-mib", Runtime.getRuntime().maxMemory() / 4 >> 20);
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, mib) * 256);
    }

    /** A frame whose content is all zeros. */
    static byte[] takeZeroed() {
        byte[] frame = pop();
        if (frame == null) {
            return new byte[GuestMemory.PAGE_SIZE];
        }
        Arrays.fill(frame, (byte) 0);
        return frame;
    }

    /** A frame of unspecified content, to be overwritten whole by the caller. */
    public static byte[] takeForCopy() {
        byte[] frame = pop();
        return frame == null ? new byte[GuestMemory.PAGE_SIZE] : frame;
    }

    /** Gives one frame back; nothing may use it after. */
    public static void give(byte[] frame) {
        synchronized (LOCK) {
            push(frame);
        }
    }

    /** Gives back every frame of a page-table chunk (nulls and the absent marker are skipped). */
    static void giveAll(byte[][] chunk, byte[] absentMarker) {
        synchronized (LOCK) {
            for (byte[] frame : chunk) {
                if (frame != null && frame != absentMarker) {
                    push(frame);
                }
            }
        }
    }

    /** Frames on the free list now. */
    public static int freeFrames() {
        synchronized (LOCK) {
            return top;
        }
    }

    public static int capacityFrames() {
        return CAPACITY;
    }

    /** Empties the free list (a benchmark measuring heap per domain starts from none). */
    public static void drain() {
        synchronized (LOCK) {
            Arrays.fill(stack, 0, top, null);
            top = 0;
            stack = new byte[1024][];
        }
    }

    private static byte[] pop() {
        synchronized (LOCK) {
            if (top == 0) {
                return null;
            }
            byte[] frame = stack[--top];
            stack[top] = null;
            return frame;
        }
    }

    private static void push(byte[] frame) {
        if (top >= CAPACITY || frame.length != GuestMemory.PAGE_SIZE) {
            return;
        }
        if (top == stack.length) {
            stack = Arrays.copyOf(stack, (int) Math.min(CAPACITY, (long) stack.length * 2));
        }
        stack[top++] = frame;
    }
}
