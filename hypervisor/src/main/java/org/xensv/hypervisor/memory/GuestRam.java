package org.xensv.hypervisor.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A guest's RAM in native memory, outside the Java heap, as a real hypervisor keeps guest RAM outside
 * its own: a range of the process's {@link AddressSpace} for guest memory, backed by the kernel page
 * by page as the guest writes it, so a page never written costs nothing and reads as zeros.
 * {@link #discard} gives one page back to the kernel; {@link #close} gives the whole range back.
 *
 * <p>A range from the {@link KeptRam kept pool} is {@link #stale}: resident already, but its pages
 * may hold a former guest's bytes until written, so {@link GuestMemory} never shows a page of it
 * that this guest has not written.
 *
 * <p>The range is seen through a segment of a shared {@link Arena}: closing it while another thread
 * still reads or writes fails that access with an {@link IllegalStateException} instead of touching
 * memory that may already belong to another guest, so a late reader can neither crash the process
 * nor see another guest's data. Where the address space is not available (not Linux), the arena
 * allocates the memory instead, zeroed and committed up front.
 */
final class GuestRam implements AutoCloseable {

    private final Arena arena = Arena.ofShared();
    private final MemorySegment segment;
    private final boolean mapped;
    private final boolean stale;

    GuestRam(long bytes) {
        this(bytes, true);
    }

    /** {@code keptFirst}: from the kept pool if a range fits there (see {@link AddressSpace#take(long, boolean)}). */
    GuestRam(long bytes, boolean keptFirst) {
        if (AddressSpace.available()) {
            AddressSpace.Range range = AddressSpace.take(bytes, keptFirst);
            this.segment = MemorySegment.ofAddress(range.start()).reinterpret(bytes, arena,
                    s -> AddressSpace.giveBack(range.start(), bytes));
            this.mapped = true;
            this.stale = range.stale();
        } else {
            this.segment = arena.allocate(bytes, GuestMemory.PAGE_SIZE);
            this.mapped = false;
            this.stale = false;
        }
    }

    /**
     * True when the range came from the kept pool: a page not yet written by this guest may hold a
     * former guest's bytes (and is resident already). False: such a page reads as zeros.
     */
    boolean stale() {
        return stale;
    }

    /** The whole RAM; valid until {@link #close}. */
    MemorySegment segment() {
        return segment;
    }

    /** Gives the page at {@code offset} back to the kernel: it reads as zeros and costs nothing after. */
    void discard(long offset) {
        MemorySegment page = segment.asSlice(offset, GuestMemory.PAGE_SIZE);
        if (mapped) {
            AddressSpace.discard(page.address(), GuestMemory.PAGE_SIZE);
        } else {
            page.fill((byte) 0);
        }
    }

    /**
     * Backs {@code bytes} from {@code offset} now rather than page by page on first write (see
     * {@link AddressSpace#populate}); nothing to do for a kept range, resident already.
     */
    void populate(long offset, long bytes) {
        if (mapped && !stale) {
            AddressSpace.populate(segment.asSlice(offset, bytes).address(), bytes);
        }
    }

    /** Gives the RAM back; any access after, from any thread, fails instead of reaching memory no longer this guest's. */
    @Override
    public void close() {
        arena.close();
    }
}
