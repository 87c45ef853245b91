package org.xensv.hypervisor.embedded.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * A guest's physical memory: 4 KiB pages, backed lazily. A page never written is a zero page and
 * costs nothing; a page is allocated on its first non-zero write. The page table has two levels
 * (chunks of 512 pages, like a 2 MiB superpage), so a 4 GiB guest that touched 100 MiB costs about
 * 100 MiB plus a few KiB of table.
 *
 * <p>Log-dirty mode: while enabled, every write marks its page in a bitmap <em>after</em> the write
 * completes; {@link #readAndClearDirty()} takes and clears it atomically word by word, so a page
 * written during a read is either in this snapshot with its new content or in the next one.
 *
 * <p>Post-copy hook: {@link #markAbsent(long)} makes a page absent; a guest access to it calls the
 * {@link PageFaultHandler} and throws {@link PageFault} so the vCPU waits (without holding its
 * pCPU) until {@link #writePage(long, byte[])} installs the page. The hot path pays one identity
 * comparison.
 */
public final class GuestMemory {

    public static final int PAGE_SIZE = 4096;
    public static final int PAGE_SHIFT = 12;
    static final int CHUNK_SHIFT = 9;
    static final int CHUNK_PAGES = 1 << CHUNK_SHIFT;

    private static final byte[] ABSENT = new byte[0];
    private static final byte[] ZERO = new byte[PAGE_SIZE];
    private static final VarHandle DIR = MethodHandles.arrayElementVarHandle(byte[][][].class);
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(byte[][].class);

    private final long pages;
    private final byte[][][] directory;
    private final AtomicLong populated = new AtomicLong();
    private final AtomicLong pageWrites = new AtomicLong();
    private final AtomicLong absent = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger holders = new java.util.concurrent.atomic.AtomicInteger(1);
    private final DirtyLog dirty;
    private volatile PageFaultHandler faultHandler;
    private final PageWaiters waiters = new PageWaiters();

    public GuestMemory(long pages) {
        if (pages < 1 || pages > (1L << 32)) {
            throw new IllegalArgumentException("pages must be between 1 and 2^32, got " + pages);
        }
        this.pages = pages;
        this.directory = new byte[(int) ((pages + CHUNK_PAGES - 1) >>> CHUNK_SHIFT)][][];
        this.dirty = new DirtyLog(pages);
    }

    public static GuestMemory ofMiB(long mib) {
        return new GuestMemory(mib * 256);
    }

    public long pages() {
        return pages;
    }

    // ---- guest side (vCPUs) ------------------------------------------------------------------

    /** A guest write of one page: allocates it if needed, faults if absent, marks it dirty after. */
    public void guestWrite(long pfn, PageUpdater updater) {
        byte[] page = pageForWrite(pfn, true);
        updater.update(pfn, page);
        pageWrites.incrementAndGet();
        if (dirty.enabled) {
            dirty.mark(pfn);
        }
    }

    /** A guest read of one 64-bit little-endian word of a page (0 for a zero page). */
    public long guestReadLong(long pfn, int wordIndex) {
        byte[] page = slot(pfn);
        if (page == ABSENT) {
            throw fault(pfn);
        }
        return page == null ? 0 : Pages.getLong(page, wordIndex);
    }

    private byte[] pageForWrite(long pfn, boolean guest) {
        checkPfn(pfn);
        byte[][] chunk = chunk(pfn);
        int i = (int) (pfn & (CHUNK_PAGES - 1));
        byte[] page = (byte[]) SLOT.getAcquire(chunk, i);
        if (page != null && page != ABSENT) {
            return page;
        }
        if (page == ABSENT && guest) {
            throw fault(pfn);
        }
        byte[] fresh = PageFrames.takeZeroed();
        while (true) {
            Object witness = SLOT.compareAndExchange(chunk, i, page, fresh);
            if (witness == page) {
                populated.incrementAndGet();
                if (page == ABSENT) {
                    absent.decrementAndGet();
                }
                return fresh;
            }
            page = (byte[]) witness;
            if (page != null && page != ABSENT) {
                PageFrames.give(fresh);
                return page;
            }
        }
    }

    /** The chunk holding {@code pfn}, allocated if needed. */
    private byte[][] chunk(long pfn) {
        int c = (int) (pfn >>> CHUNK_SHIFT);
        byte[][] chunk = (byte[][]) DIR.getAcquire(directory, c);
        if (chunk == null) {
            byte[][] fresh = new byte[CHUNK_PAGES][];
            chunk = DIR.compareAndSet(directory, c, null, fresh) ? fresh : (byte[][]) DIR.getAcquire(directory, c);
        }
        return chunk;
    }

    private PageFault fault(long pfn) {
        PageFaultHandler handler = faultHandler;
        if (handler != null) {
            handler.pageFault(pfn);
        }
        return new PageFault(pfn);
    }

    // ---- host side (save, restore, migration) ------------------------------------------------

    /** Copies page {@code pfn} into {@code dst} (zeros for a page never written). */
    public void readPage(long pfn, byte[] dst) {
        readPage(pfn, dst, 0);
    }

    /** Copies page {@code pfn} into {@code dst} at {@code off} (zeros for a page never written). */
    public void readPage(long pfn, byte[] dst, int off) {
        byte[] page = slot(pfn);
        if (page == ABSENT) {
            throw new IllegalStateException("page " + pfn + " is absent (post-copy) and cannot be read");
        }
        System.arraycopy(page == null ? ZERO : page, 0, dst, off, PAGE_SIZE);
    }

    /** Copies page {@code pfn} into {@code dst} at index {@code off} (a migration's send buffer). */
    public void readPage(long pfn, java.nio.ByteBuffer dst, int off) {
        byte[] page = slot(pfn);
        if (page == ABSENT) {
            throw new IllegalStateException("page " + pfn + " is absent (post-copy) and cannot be read");
        }
        dst.put(off, page == null ? ZERO : page, 0, PAGE_SIZE);
    }

    /**
     * Sets the content of page {@code pfn} (a received or restored page). A zero page that was
     * never written stays unbacked; a new page is filled before it is published, so a guest never
     * sees it half-written. Installing an absent page wakes the vCPUs waiting for it. During
     * post-copy use {@link #installPage} instead, which never overwrites what the guest wrote.
     */
    public void writePage(long pfn, byte[] src) {
        writePage(pfn, src, 0);
    }

    /** {@link #writePage(long, byte[])} from {@code src} at {@code off} (a page inside a received batch). */
    public void writePage(long pfn, byte[] src, int off) {
        if (!publish(pfn, src, off, false)) {
            byte[] page = pageForWrite(pfn, false);
            System.arraycopy(src, off, page, 0, PAGE_SIZE);
            pageWrites.incrementAndGet();
            if (dirty.enabled) {
                dirty.mark(pfn);
            }
        }
    }

    /**
     * Post-copy: installs page {@code pfn} only if it is still absent, and wakes whoever waits for
     * it. Returns false (and changes nothing) when the page was already there.
     */
    public boolean installPage(long pfn, byte[] src) {
        return publish(pfn, src, 0, true);
    }

    /** {@link #installPage(long, byte[])} from {@code src} at {@code off}. */
    public boolean installPage(long pfn, byte[] src, int off) {
        return publish(pfn, src, off, true);
    }

    /**
     * A migration's destination: makes {@code frame} (from {@link PageFrames#takeForCopy()}, filled
     * whole by the caller) page {@code pfn} without copying it; this memory owns the frame after.
     * Without {@code onlyAbsent} (pre-copy: no guest runs here yet) a current frame is replaced and
     * recycled. With it (post-copy: the guest runs) only an absent page is filled, waking whoever
     * waits for it; otherwise nothing changes, the frame is recycled, and the answer is false.
     */
    public boolean adoptFrame(long pfn, byte[] frame, boolean onlyAbsent) {
        checkPfn(pfn);
        if (frame.length != PAGE_SIZE) {
            throw new IllegalArgumentException("a page frame is " + PAGE_SIZE + " bytes, got " + frame.length);
        }
        byte[][] chunk = chunk(pfn);
        int i = (int) (pfn & (CHUNK_PAGES - 1));
        while (true) {
            byte[] current = (byte[]) SLOT.getAcquire(chunk, i);
            if (onlyAbsent && current != ABSENT) {
                PageFrames.give(frame);
                return false;
            }
            if (SLOT.compareAndSet(chunk, i, current, frame)) {
                installed(pfn, current, frame);
                return true;
            }
        }
    }

    /** Replaces an unbacked (unless onlyAbsent) or absent slot with a filled copy of src. */
    private boolean publish(long pfn, byte[] src, int off, boolean onlyAbsent) {
        checkPfn(pfn);
        byte[][] chunk = chunk(pfn);
        int i = (int) (pfn & (CHUNK_PAGES - 1));
        byte[] current = (byte[]) SLOT.getAcquire(chunk, i);
        if (current != ABSENT && (onlyAbsent || current != null)) {
            return false; // cheap exit before the zero test (a page already backed)
        }
        boolean zero = Pages.isZero(src, off);
        byte[] fresh = null;
        if (!zero) {
            fresh = PageFrames.takeForCopy();
            System.arraycopy(src, off, fresh, 0, PAGE_SIZE);
        }
        while (true) {
            if (current != ABSENT && (onlyAbsent || current != null)) {
                if (fresh != null) {
                    PageFrames.give(fresh);
                }
                return false;
            }
            if (current == null && zero) {
                return true;
            }
            if (SLOT.compareAndSet(chunk, i, current, fresh)) {
                installed(pfn, current, fresh);
                return true;
            }
            current = (byte[]) SLOT.getAcquire(chunk, i);
        }
    }

    /**
     * The accounting after slot {@code pfn} went from {@code replaced} to {@code frame} (null: a zero
     * page left unbacked): counts, a replaced frame back to the free list, the dirty bit, and the
     * vCPUs waiting for a page that was absent.
     */
    private void installed(long pfn, byte[] replaced, byte[] frame) {
        boolean wasBacked = replaced != null && replaced != ABSENT;
        if (wasBacked) {
            PageFrames.give(replaced);
        } else if (frame != null) {
            populated.incrementAndGet();
        }
        pageWrites.incrementAndGet();
        if (dirty.enabled) {
            dirty.mark(pfn);
        }
        if (replaced == ABSENT) {
            absent.decrementAndGet();
            wake(pfn);
        }
    }

    /** Marks a page absent (post-copy destination): its content arrives later by writePage. */
    public void markAbsent(long pfn) {
        checkPfn(pfn);
        byte[][] chunk = chunk(pfn);
        byte[] old = (byte[]) SLOT.getAndSet(chunk, (int) (pfn & (CHUNK_PAGES - 1)), ABSENT);
        if (old != ABSENT) {
            absent.incrementAndGet();
            if (old != null) {
                populated.decrementAndGet();
            }
        }
    }

    public void setFaultHandler(PageFaultHandler handler) {
        this.faultHandler = handler;
    }

    /** Runs {@code wake} once the page is present: now if it is, else when it is installed. */
    public void whenPresent(long pfn, Runnable wake) {
        waiters.register(pfn, wake, () -> slot(pfn) == ABSENT);
    }

    private void wake(long pfn) {
        waiters.wake(pfn);
    }

    public boolean isAbsent(long pfn) {
        return slot(pfn) == ABSENT;
    }

    public long absentPages() {
        return absent.get();
    }

    public boolean isPopulated(long pfn) {
        byte[] page = slot(pfn);
        return page != null && page != ABSENT;
    }

    /** True when the page reads as zeros (never written, or written with zeros). */
    public boolean isZero(long pfn) {
        byte[] page = slot(pfn);
        return page == null || (page != ABSENT && Pages.isZero(page));
    }

    /** The next populated pfn at or after {@code from}, or -1; skips unbacked chunks cheaply. */
    public long nextPopulated(long from) {
        for (long pfn = Math.max(0, from); pfn < pages; ) {
            byte[][] chunk = (byte[][]) DIR.getAcquire(directory, (int) (pfn >>> CHUNK_SHIFT));
            if (chunk == null) {
                pfn = ((pfn >>> CHUNK_SHIFT) + 1) << CHUNK_SHIFT;
                continue;
            }
            byte[] page = (byte[]) SLOT.getAcquire(chunk, (int) (pfn & (CHUNK_PAGES - 1)));
            if (page != null && page != ABSENT) {
                return pfn;
            }
            pfn++;
        }
        return -1;
    }

    // ---- log-dirty ---------------------------------------------------------------------------

    /** Starts log-dirty mode with an empty bitmap. */
    public void enableLogDirty() {
        dirty.enable();
    }

    public void disableLogDirty() {
        dirty.disable();
    }

    public boolean logDirtyEnabled() {
        return dirty.enabled;
    }

    /** The pages written since the last call (or since log-dirty was enabled), clearing them. */
    public DirtyPages readAndClearDirty() {
        return dirty.readAndClear();
    }

    /**
     * The live log-dirty bits of pages {@code 64w..64w+63}, without clearing them (Xen's
     * SHADOW_OP_PEEK): a migration skips a page marked here, since the next
     * {@link #readAndClearDirty()} returns it anyway. 0 when log-dirty is off.
     */
    public long peekDirtyWord(int w) {
        return dirty.peek(w);
    }

    /** How many pages are marked dirty now, without clearing. */
    public long dirtyCount() {
        return dirty.count();
    }

    // ---- accounting and checksums ------------------------------------------------------------

    public long populatedPages() {
        return populated.get();
    }

    /** Bytes of guest pages actually backed (touched). */
    public long touchedBytes() {
        return populated.get() * PAGE_SIZE;
    }

    /** Every guest page write since this memory was created (the dirty-page counter of stats). */
    public long pageWritesTotal() {
        return pageWrites.get();
    }

    public long nonZeroPages() {
        long n = 0;
        for (long pfn = nextPopulated(0); pfn >= 0; pfn = nextPopulated(pfn + 1)) {
            if (!Pages.isZero(slot(pfn))) {
                n++;
            }
        }
        return n;
    }

    /** CRC32C of the page's content (a zero page and an unbacked page have the same checksum). */
    public long pageChecksum(long pfn) {
        byte[] page = slot(pfn);
        if (page == ABSENT) {
            throw new IllegalStateException("page " + pfn + " is absent");
        }
        return Pages.crc(page == null ? ZERO : page, 0) & 0xFFFFFFFFL;
    }

    /**
     * A checksum of the whole memory: equal for two memories whose every page reads the same,
     * however they are backed. Take it while the domain is paused for a stable answer.
     */
    public long checksum() {
        // the terms add up, so chunks are summed in parallel (a migration checks 512 MiB after the resume)
        long sum = java.util.stream.IntStream.range(0, directory.length).parallel().mapToLong(this::chunkChecksumTerms).sum();
        return Pages.checksumOf(sum, pages);
    }

    private long chunkChecksumTerms(int c) {
        byte[][] chunk = (byte[][]) DIR.getAcquire(directory, c);
        if (chunk == null) {
            return 0;
        }
        CRC32C crc = new CRC32C();
        long sum = 0;
        for (int i = 0; i < CHUNK_PAGES; i++) {
            byte[] page = (byte[]) SLOT.getAcquire(chunk, i);
            if (page != null && page != ABSENT && !Pages.isZero(page)) {
                crc.reset();
                crc.update(page, 0, PAGE_SIZE);
                sum += Pages.checksumTerm(((long) c << CHUNK_SHIFT) + i, (int) crc.getValue());
            }
        }
        return sum;
    }

    /**
     * One more holder of this memory besides its domain (a migration copying from it or into it):
     * the frames go back to the free list only once every holder has {@link #release released} it.
     */
    public void retain() {
        holders.updateAndGet(n -> {
            if (n <= 0) {
                throw new IllegalStateException("guest memory already released");
            }
            return n + 1;
        });
    }

    /**
     * This holder is done with the memory (a domain torn down, its vCPUs stopped; a migration that
     * ended). When the last holder releases it, every backed page goes back to the free list
     * ({@link PageFrames}) and the memory reads as zeros: a frame given back may hold another
     * guest's page the next moment, so nothing may touch this memory after its last release.
     */
    public void release() {
        if (holders.decrementAndGet() != 0) {
            return;
        }
        for (int c = 0; c < directory.length; c++) {
            byte[][] chunk = (byte[][]) DIR.getAndSet(directory, c, null);
            if (chunk != null) {
                PageFrames.giveAll(chunk, ABSENT);
            }
        }
        populated.set(0);
        absent.set(0);
    }

    /** A deep copy (absent pages stay absent). Take it while the domain is paused. */
    public GuestMemory copy() {
        GuestMemory copy = new GuestMemory(pages);
        for (int c = 0; c < directory.length; c++) {
            byte[][] chunk = (byte[][]) DIR.getAcquire(directory, c);
            if (chunk == null) {
                continue;
            }
            for (int i = 0; i < CHUNK_PAGES; i++) {
                long pfn = ((long) c << CHUNK_SHIFT) + i;
                byte[] page = (byte[]) SLOT.getAcquire(chunk, i);
                if (page == ABSENT) {
                    copy.markAbsent(pfn);
                } else if (page != null) {
                    copy.writePage(pfn, page);
                }
            }
        }
        copy.pageWrites.set(0);
        return copy;
    }

    private byte[] slot(long pfn) {
        checkPfn(pfn);
        byte[][] chunk = (byte[][]) DIR.getAcquire(directory, (int) (pfn >>> CHUNK_SHIFT));
        return chunk == null ? null : (byte[]) SLOT.getAcquire(chunk, (int) (pfn & (CHUNK_PAGES - 1)));
    }

    private void checkPfn(long pfn) {
        if (pfn < 0 || pfn >= pages) {
            throw new IndexOutOfBoundsException("pfn " + pfn + " outside guest memory of " + pages + " pages");
        }
    }

    @Override
    public String toString() {
        return "GuestMemory[" + pages + " pages, " + populated.get() + " backed]";
    }
}
