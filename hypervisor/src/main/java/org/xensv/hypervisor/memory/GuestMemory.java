package org.xensv.hypervisor.memory;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * A guest's physical memory: 4 KiB pages in native memory outside the Java heap ({@link GuestRam}),
 * backed lazily by the kernel. A page never written is a zero page and costs nothing. The heap holds
 * only a page-state table of one byte per page, in chunks of 512 pages (a 2 MiB superpage) allocated
 * on first use, so a 4 GiB guest that touched 100 MiB costs 100 MiB of native memory and a few KiB of
 * heap.
 *
 * <p>Page states: ZERO (never written, or given back: reads as zeros and is not backed), BACKED (written
 * at least once), ABSENT (post-copy: the content has not arrived yet), FILLING (an absent page
 * whose content is being copied in) and ZEROING (a page of a stale range being cleared for its
 * first guest write, below). Every state change is a compare-and-set on the state byte, and
 * the copy into a page happens before the release that makes it BACKED, so no vCPU sees a page
 * half-filled.
 *
 * <p>Stale RAM: a guest's RAM may come from the {@link KeptRam kept pool}, resident already but holding
 * a former guest's bytes. Then a page this guest never wrote still reads as zeros (the shared
 * {@link Pages#zeroPage() zero page}), a guest write to it clears it first (ZEROING, a few hundred
 * nanoseconds instead of a page fault and the kernel's zeroing), and a page written whole
 * ({@link #writePage}, {@link #installPage}: restore, migration) is copied in with nothing before.
 *
 * <p>Log-dirty mode: while enabled, every write marks its page in a bitmap <em>after</em> the write
 * completes; {@link #readAndClearDirty()} takes and clears it atomically word by word, so a page
 * written during a read is either in this snapshot with its new content or in the next one.
 *
 * <p>Post-copy hook: {@link #markAbsent(long)} makes a page absent; a guest access to it calls the
 * {@link PageFaultHandler} and throws {@link PageFault} so the vCPU waits (without holding its
 * pCPU) until {@link #installPage} installs the page. The hot path pays one byte comparison.
 */
public final class GuestMemory {

    public static final int PAGE_SIZE = 4096;
    public static final int PAGE_SHIFT = 12;
    static final int CHUNK_SHIFT = 9;
    static final int CHUNK_PAGES = 1 << CHUNK_SHIFT;

    private static final byte ZERO = 0;
    private static final byte BACKED = 1;
    private static final byte ABSENT = 2;
    private static final byte FILLING = 3;
    private static final byte ZEROING = -1; // below ABSENT: not absent, never waited for
    private static final VarHandle DIR = MethodHandles.arrayElementVarHandle(byte[][].class);
    private static final VarHandle STATE = MethodHandles.arrayElementVarHandle(byte[].class);

    private final long pages;
    private final GuestRam ram;
    private final MemorySegment bytes;
    /** The RAM came from the kept pool: a page not written by this guest holds a former guest's bytes. */
    private final boolean stale;
    private final byte[][] directory;
    private final AtomicLong populated = new AtomicLong();
    private final AtomicLong pageWrites = new AtomicLong();
    private final AtomicLong absent = new AtomicLong();
    private final AtomicInteger holders = new AtomicInteger(1);
    private volatile boolean released;
    private final DirtyLog dirty;
    private volatile PageFaultHandler faultHandler;
    private final PageWaiters waiters = new PageWaiters();

    /** Memory for a guest that arrives in bulk (a migration, a resume): from the kept pool when a range fits there. */
    public GuestMemory(long pages) {
        this(pages, true);
    }

    private GuestMemory(long pages, boolean keptFirst) {
        if (pages < 1 || pages > (1L << 32)) {
            throw new IllegalArgumentException("pages must be between 1 and 2^32, got " + pages);
        }
        this.pages = pages;
        this.ram = new GuestRam(pages << PAGE_SHIFT, keptFirst);
        this.bytes = ram.segment();
        this.stale = ram.stale();
        this.directory = new byte[(int) ((pages + CHUNK_PAGES - 1) >>> CHUNK_SHIFT)][];
        this.dirty = new DirtyLog(pages);
    }

    /** Memory for a guest that arrives in bulk: the {@link KeptRam kept pool} first (same as the constructor). */
    public static GuestMemory arriving(long pages) {
        return new GuestMemory(pages, true);
    }

    /** Memory for a booting guest: always fresh, leaving the kept pool to guests that arrive in bulk. */
    public static GuestMemory booting(long pages) {
        return new GuestMemory(pages, false);
    }

    public static GuestMemory ofMiB(long mib) {
        return new GuestMemory(mib * 256);
    }

    public long pages() {
        return pages;
    }

    // ---- guest side (vCPUs) ------------------------------------------------------------------

    /** A guest write of one page: backs it if needed, faults if absent, marks it dirty after. */
    public void guestWrite(long pfn, PageUpdater updater) {
        checkPfn(pfn);
        byte[] chunk = chunk(pfn);
        int i = (int) (pfn & (CHUNK_PAGES - 1));
        byte state = (byte) STATE.getAcquire(chunk, i);
        if (state != BACKED) {
            back(pfn, chunk, i, state);
        }
        updater.update(pfn, bytes.asSlice(pfn << PAGE_SHIFT, PAGE_SIZE));
        pageWrites.incrementAndGet();
        if (dirty.enabled) {
            dirty.mark(pfn);
        }
    }

    /**
     * Makes a page BACKED for a guest write, or faults if it is absent. A ZERO page of stale RAM is
     * cleared first (the guest may write only part of it); another vCPU writing it meanwhile waits
     * for the clearing, which is short, by spinning.
     */
    private void back(long pfn, byte[] chunk, int i, byte state) {
        while (state != BACKED) {
            if (state == ZERO) {
                if (!stale) {
                    if (STATE.compareAndSet(chunk, i, ZERO, BACKED)) {
                        populated.incrementAndGet();
                        return;
                    }
                } else if (STATE.compareAndSet(chunk, i, ZERO, ZEROING)) {
                    bytes.asSlice(pfn << PAGE_SHIFT, PAGE_SIZE).fill((byte) 0); // a former guest's bytes, never shown
                    if (!STATE.compareAndSet(chunk, i, ZEROING, BACKED)) {
                        throw fault(pfn); // marked absent meanwhile
                    }
                    populated.incrementAndGet();
                    return;
                }
            } else if (state == ZEROING) {
                Thread.onSpinWait();
            } else {
                throw fault(pfn);
            }
            state = (byte) STATE.getAcquire(chunk, i);
        }
    }

    private PageFault fault(long pfn) {
        PageFaultHandler handler = faultHandler;
        if (handler != null) {
            handler.pageFault(pfn);
        }
        return new PageFault(pfn);
    }

    // ---- host side (save, restore, migration) ------------------------------------------------

    /**
     * Page {@code pfn} as it reads now, read-only, in place (no copy): zeros for a page never written.
     * Valid until the memory is released; a guest may change it meanwhile unless the domain is paused.
     */
    public MemorySegment page(long pfn) {
        byte state = state(pfn);
        if (state >= ABSENT) {
            throw new IllegalStateException("page " + pfn + " is absent (post-copy) and cannot be read");
        }
        if (stale && state != BACKED) {
            return Pages.zeroPage(); // not this guest's bytes
        }
        return bytes.asSlice(pfn << PAGE_SHIFT, PAGE_SIZE).asReadOnly();
    }

    /** Copies page {@code pfn} into {@code dst} (zeros for a page never written). */
    public void readPage(long pfn, byte[] dst) {
        MemorySegment.copy(page(pfn), java.lang.foreign.ValueLayout.JAVA_BYTE, 0, dst, 0, PAGE_SIZE);
    }

    /** Copies page {@code pfn} into {@code dst} at byte {@code off} (a send buffer in native memory). */
    public void readPage(long pfn, MemorySegment dst, long off) {
        MemorySegment.copy(page(pfn), 0, dst, off, PAGE_SIZE);
    }

    /**
     * Sets the content of page {@code pfn} (a received or restored page) from {@code src}, one page.
     * A zero page that was never written stays unbacked; an absent page is filled before it becomes
     * present, waking the vCPUs waiting for it. During post-copy use {@link #installPage} instead,
     * which never overwrites what the guest wrote.
     */
    public void writePage(long pfn, MemorySegment src) {
        fill(pfn, src, Pages.isZero(src), false);
    }

    /** {@link #writePage(long, MemorySegment)} of a page whose CRC32C is known (a migration's destination): no zero scan. */
    public void writePage(long pfn, MemorySegment src, int crc) {
        fill(pfn, src, Pages.isZero(src, crc), false);
    }

    /** {@link #writePage(long, MemorySegment)} from a heap array. */
    public void writePage(long pfn, byte[] src) {
        writePage(pfn, MemorySegment.ofArray(src));
    }

    /**
     * Post-copy: installs page {@code pfn} only if it is still absent, and wakes whoever waits for
     * it. Returns false (and changes nothing) when the page was already there.
     */
    public boolean installPage(long pfn, MemorySegment src) {
        return fill(pfn, src, Pages.isZero(src), true);
    }

    /** {@link #installPage(long, MemorySegment)} of a page whose CRC32C is known: no zero scan. */
    public boolean installPage(long pfn, MemorySegment src, int crc) {
        return fill(pfn, src, Pages.isZero(src, crc), true);
    }

    /** {@link #installPage(long, MemorySegment)} from a heap array. */
    public boolean installPage(long pfn, byte[] src) {
        return installPage(pfn, MemorySegment.ofArray(src));
    }

    /**
     * A hint that pages {@code first .. first + count - 1} are about to be written whole (a migration's
     * destination, before it installs a batch of pages): backs them in one call rather than one page
     * fault each (nothing to do in stale RAM, resident already). Changes nothing a reader can see; a
     * page that stays unwritten reads as zeros.
     */
    public void prepareWrite(long first, long count) {
        checkPfn(first);
        checkPfn(first + count - 1);
        ram.populate(first << PAGE_SHIFT, count << PAGE_SHIFT);
    }

    /**
     * The own memory of pages {@code first .. first + count - 1}, for a migration's destination to
     * read pages from the socket straight into it (no copy through a buffer) before its guest runs;
     * {@link #placed} then makes each present. Nobody may read or write those pages meanwhile: only
     * for memory no vCPU runs on.
     */
    public MemorySegment placement(long first, long count) {
        checkPfn(first);
        checkPfn(first + count - 1);
        return bytes.asSlice(first << PAGE_SHIFT, count << PAGE_SHIFT);
    }

    /**
     * Page {@code pfn} was written whole through {@link #placement}; {@code crc} is the CRC32C of what
     * it holds now. Present from now on (zero or backed), as if written by {@link #writePage}.
     */
    public void placed(long pfn, int crc) {
        checkPfn(pfn);
        boolean zero = Pages.isZero(placement(pfn, 1), crc);
        byte[] chunk = chunk(pfn);
        int i = (int) (pfn & (CHUNK_PAGES - 1));
        byte state = (byte) STATE.getAcquire(chunk, i);
        if (state == BACKED && zero) {
            populated.decrementAndGet();
        } else if (state != BACKED && !zero) {
            populated.incrementAndGet();
        }
        STATE.setVolatile(chunk, i, zero ? ZERO : BACKED); // a zero page is zeros in memory too
        if (state == ABSENT) {
            absent.decrementAndGet();
        }
        written(pfn);
        waiters.wake(pfn);
    }

    private boolean fill(long pfn, MemorySegment src, boolean zero, boolean onlyAbsent) {
        checkPfn(pfn);
        if (src.byteSize() != PAGE_SIZE) {
            throw new IllegalArgumentException("a page is " + PAGE_SIZE + " bytes, got " + src.byteSize());
        }
        byte[] chunk = chunk(pfn);
        int i = (int) (pfn & (CHUNK_PAGES - 1));
        long offset = pfn << PAGE_SHIFT;
        while (true) {
            byte state = (byte) STATE.getAcquire(chunk, i);
            if (state == FILLING || state == ZEROING) {
                Thread.onSpinWait(); // another installer copies it in, or a vCPU clears it: wait for the outcome
                continue;
            }
            if (onlyAbsent && state != ABSENT) {
                return false;
            }
            if (state == ZERO && zero) {
                return true; // stays unbacked
            }
            if (state == BACKED) {
                MemorySegment.copy(src, 0, bytes, offset, PAGE_SIZE);
                written(pfn);
                return true;
            }
            if (STATE.compareAndSet(chunk, i, state, FILLING)) {
                if (!zero) {
                    MemorySegment.copy(src, 0, bytes, offset, PAGE_SIZE); // the whole page: nothing to clear before, even in stale RAM
                    populated.incrementAndGet();
                } else if (state == ABSENT && !stale) {
                    ram.discard(offset); // may still hold what it held before it was marked absent; a ZERO page reads as zeros
                }
                STATE.setVolatile(chunk, i, zero ? ZERO : BACKED); // volatile: see PageWaiters
                written(pfn);
                if (state == ABSENT) {
                    absent.decrementAndGet();
                }
                waiters.wake(pfn); // a vCPU that touched the page while it was filling waits for it too
                return true;
            }
        }
    }

    private void written(long pfn) {
        pageWrites.incrementAndGet();
        if (dirty.enabled) {
            dirty.mark(pfn);
        }
    }

    /**
     * Marks a page absent (post-copy destination, before its guest runs): its content arrives later
     * by {@link #installPage}, which overwrites the whole page, or gives it back to the kernel for a
     * zero page. What the page held stays in memory until then: giving it back here would cost a
     * system call per page inside the guest's downtime (a database's working set is tens of thousands
     * of pages), and the install would only take the memory again.
     */
    public void markAbsent(long pfn) {
        checkPfn(pfn);
        byte[] chunk = chunk(pfn);
        int i = (int) (pfn & (CHUNK_PAGES - 1));
        byte old = (byte) STATE.getAndSet(chunk, i, ABSENT);
        if (old == BACKED) {
            populated.decrementAndGet();
        }
        if (old != ABSENT && old != FILLING) {
            absent.incrementAndGet();
        }
    }

    public void setFaultHandler(PageFaultHandler handler) {
        this.faultHandler = handler;
    }

    /** Runs {@code wake} once the page is present: now if it is, else when it is installed. */
    public void whenPresent(long pfn, Runnable wake) {
        waiters.register(pfn, wake, () -> isAbsent(pfn));
    }

    public boolean isAbsent(long pfn) {
        return state(pfn) >= ABSENT;
    }

    public long absentPages() {
        return absent.get();
    }

    public boolean isPopulated(long pfn) {
        return state(pfn) == BACKED;
    }

    /** True when the page reads as zeros (never written, or written with zeros). */
    public boolean isZero(long pfn) {
        byte state = state(pfn);
        return state == ZERO || state == ZEROING || (state == BACKED && Pages.isZero(bytes.asSlice(pfn << PAGE_SHIFT, PAGE_SIZE)));
    }

    /** The next populated pfn at or after {@code from}, or -1; skips chunks never used cheaply. */
    public long nextPopulated(long from) {
        for (long pfn = Math.max(0, from); pfn < pages; ) {
            byte[] chunk = (byte[]) DIR.getAcquire(directory, (int) (pfn >>> CHUNK_SHIFT));
            if (chunk == null) {
                pfn = ((pfn >>> CHUNK_SHIFT) + 1) << CHUNK_SHIFT;
                continue;
            }
            if ((byte) STATE.getAcquire(chunk, (int) (pfn & (CHUNK_PAGES - 1))) == BACKED) {
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
            if (!isZero(pfn)) {
                n++;
            }
        }
        return n;
    }

    /** CRC32C of the page's content (a zero page and an unbacked page have the same checksum). */
    public long pageChecksum(long pfn) {
        return Pages.crc(page(pfn)) & 0xFFFFFFFFL;
    }

    /**
     * A checksum of the whole memory: equal for two memories whose every page reads the same,
     * however they are backed. Take it while the domain is paused for a stable answer.
     */
    public long checksum() {
        // the terms add up, so chunks are summed in parallel (a migration checks 512 MiB after the resume)
        long sum = IntStream.range(0, directory.length).parallel().mapToLong(this::chunkChecksumTerms).sum();
        return Pages.checksumOf(sum, pages);
    }

    private long chunkChecksumTerms(int c) {
        byte[] chunk = (byte[]) DIR.getAcquire(directory, c);
        if (chunk == null) {
            return 0;
        }
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        long sum = 0;
        for (int i = 0; i < CHUNK_PAGES; i++) {
            if ((byte) STATE.getAcquire(chunk, i) != BACKED) {
                continue;
            }
            long pfn = ((long) c << CHUNK_SHIFT) + i;
            MemorySegment page = bytes.asSlice(pfn << PAGE_SHIFT, PAGE_SIZE);
            crc.reset();
            crc.update(page.asByteBuffer());
            int value = (int) crc.getValue();
            if (!Pages.isZero(page, value)) { // one pass over the page; a zero page adds nothing
                sum += Pages.checksumTerm(pfn, value);
            }
        }
        return sum;
    }

    /**
     * One more holder of this memory besides its domain (a migration copying from it or into it):
     * the native memory is unmapped only once every holder has {@link #release released} it.
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
     * ended). When the last holder releases it, the native memory goes back to the operating system;
     * any later access fails with an {@link IllegalStateException}, never with a crash.
     */
    public void release() {
        if (holders.decrementAndGet() != 0) {
            return;
        }
        ram.close();
        populated.set(0);
        absent.set(0);
        released = true;
    }

    /** True once the last holder has released the memory and it is no longer this guest's. */
    public boolean released() {
        return released;
    }

    private byte state(long pfn) {
        checkPfn(pfn);
        byte[] chunk = (byte[]) DIR.getAcquire(directory, (int) (pfn >>> CHUNK_SHIFT));
        return chunk == null ? ZERO : (byte) STATE.getAcquire(chunk, (int) (pfn & (CHUNK_PAGES - 1)));
    }

    /** The state chunk holding {@code pfn}, allocated if needed. */
    private byte[] chunk(long pfn) {
        int c = (int) (pfn >>> CHUNK_SHIFT);
        byte[] chunk = (byte[]) DIR.getAcquire(directory, c);
        if (chunk == null) {
            byte[] fresh = new byte[CHUNK_PAGES];
            chunk = DIR.compareAndSet(directory, c, null, fresh) ? fresh : (byte[]) DIR.getAcquire(directory, c);
        }
        return chunk;
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
