package org.xensv.hypervisor.memory;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The process's address space for guest RAM: large private anonymous reservations
 * ({@code mmap(MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE)}, made through the FFM API) out of which each
 * guest gets a range, first fit. Nothing is committed until a guest writes a page; a range given back
 * is emptied with {@code madvise(MADV_DONTNEED)} (its memory returns to the system at once, and it
 * reads as zeros for the next guest) and joins its free neighbours.
 *
 * <p>The kept pool: a range given back may instead stay resident, with the last guest's bytes in it,
 * for the next guest, as a hypervisor's free pages are memory it already holds ({@link KeptRam}).
 * The next guest's first write to a page then costs no page fault and no kernel zeroing; a page it
 * writes whole (migration) costs its copy only. Kept ranges are offered first (first fit), and a
 * range taken from them is {@link Range#stale stale}: its owner must not show a page it has not
 * written ({@link GuestMemory} reads such a page as zeros and zeroes it before a partial write). The
 * pool holds at most {@link KeptRam#keepBytes} resident bytes, and never so many that kept bytes plus
 * the ranges in use exceed {@link KeptRam#limitBytes} (the process's budget): what does not fit is
 * emptied as before. Both are 0 until configured, so nothing is kept.
 *
 * <p>Why not one {@code mmap} per guest: {@code mmap} and {@code munmap} take the process's
 * memory-map lock for writing, and every first touch of a page takes it for reading, so creating a
 * guest waited behind the page faults of every guest booting beside it (1,000 guests started at once
 * spent most of their start there). Reservations are rare; {@code madvise} only reads the lock.
 *
 * <p>Huge pages ({@link HugePages}), for guests that arrive in bulk (a migration's destination, a
 * resume, and so the kept pool that serves them): their reservations are advised
 * {@code madvise(MADV_HUGEPAGE)} each as a whole (one mapping, however many guests share it); a
 * booting guest takes its range from reservations with 4 KiB pages (it writes a few pages at a time,
 * and an idle guest's scattered pages stay 4 KiB each). Every reservation starts on a 2 MiB boundary, and every
 * guest's range starts on a 2 MiB boundary and spans whole 2 MiB blocks, so a block never holds two
 * guests' pages: a guest's first write to a block backs all 2 MiB of it in one fault (as QEMU advises
 * its guest RAM). A guest whose size is not a multiple of 2 MiB has its last, partial block advised
 * {@code MADV_NOHUGEPAGE} while it holds it, so its resident memory never exceeds its size (what the
 * budget reserves). The kept pool counts a kept range's resident bytes by whole 2 MiB blocks, as
 * {@code khugepaged} may fill a block that holds any page. Off (4 KiB pages as before) where the
 * kernel's transparent huge pages are {@code never}, the advice fails or the setting says so.
 *
 * <p>Linux only ({@link #available()}); elsewhere {@link GuestRam} allocates guest RAM from an arena.
 */
final class AddressSpace {

    /** Address space reserved at a time: far more than any machine's memory, so it is rarely needed again. */
    private static final long RESERVATION = 1L << 40;
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final int MADV_DONTNEED = 4;
    private static final int MADV_POPULATE_WRITE = 23;
    private static final int MADV_HUGEPAGE = 14;
    private static final int MADV_NOHUGEPAGE = 15;
    /** A huge page: ranges start on this boundary and span whole blocks of it. */
    static final long BLOCK = 2L << 20;

    private static final MethodHandle MMAP;
    private static final MethodHandle MADVISE;
    private static final MethodHandle MINCORE;
    /** Free ranges of reservations advised as huge pages, emptied (they read as zeros): start address -> length in bytes, never two adjacent ones. */
    private static final TreeMap<Long, Long> FREE = new TreeMap<>();
    /** Free ranges of reservations with 4 KiB pages, the same way. */
    private static final TreeMap<Long, Long> FREE_PLAIN = new TreeMap<>();
    /** The reservations with 4 KiB pages: start -> length (every other one is advised as huge pages). */
    private static final TreeMap<Long, Long> PLAIN = new TreeMap<>();
    /** Kept ranges, resident with a former guest's bytes: start address -> length; adjacent ones may stay apart. */
    private static final TreeMap<Long, Long> KEPT = new TreeMap<>();
    /** Resident bytes of the kept ranges (counted by {@code mincore} as they are kept and taken). */
    private static long keptResident;
    /** Bytes of the ranges in use by guests. */
    private static long inUse;
    private static long keepCap;
    private static long limit;
    /** Huge pages in use: asked for ({@link HugePages#requested}) and the kernel took the advice; decided at the first reservation for them. */
    private static boolean huge;
    private static boolean hugeDecided;

    /** A range of guest RAM; {@code stale} when it came from the kept pool and may hold a former guest's bytes. */
    record Range(long start, long bytes, boolean stale) {
    }

    static {
        Linker linker = Linker.nativeLinker();
        boolean linux = System.getProperty("os.name", "").toLowerCase().contains("linux");
        Optional<MemorySegment> mmap = linux ? linker.defaultLookup().find("mmap") : Optional.empty();
        MMAP = mmap.map(s -> linker.downcallHandle(s,
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG))).orElse(null);
        MADVISE = MMAP == null ? null : linker.downcallHandle(linker.defaultLookup().find("madvise").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        MINCORE = MMAP == null ? null : linker.downcallHandle(linker.defaultLookup().find("mincore").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
    }

    private AddressSpace() {
    }

    static boolean available() {
        return MMAP != null;
    }

    /**
     * A range of {@code bytes} (a multiple of the page size): a kept range if one is large enough
     * (resident already, {@link Range#stale stale}), else an empty one, reserving more address space if needed.
     */
    static Range take(long bytes) {
        return take(bytes, true);
    }

    /**
     * As {@link #take(long)}; with {@code keptFirst} false the range is always an empty one, leaving
     * the kept pool to guests that arrive in bulk (a migration's destination, a resume), whose pages
     * come at the speed of a link or a disk. A booting guest writes its pages a few at a time, so a
     * page fault each costs it little.
     */
    static Range take(long bytes, boolean keptFirst) {
        Range range;
        List<Map.Entry<Long, Long>> evicted;
        long span = span(bytes);
        boolean hugeTail;
        synchronized (AddressSpace.class) {
            Map.Entry<Long, Long> kept = keptFirst ? firstFit(KEPT, span) : null;
            if (kept != null) {
                KEPT.remove(kept.getKey());
                if (kept.getValue() > span) {
                    KEPT.put(kept.getKey() + span, kept.getValue() - span);
                }
                keptResident = Math.max(0, keptResident - keptCost(kept.getKey(), span));
                range = new Range(kept.getKey(), bytes, true);
            } else {
                range = new Range(takeFree(span, keptFirst), bytes, false);
            }
            inUse += bytes;
            evicted = evictOverLimit();
            hugeTail = span != bytes && hugeRange(range.start());
        }
        if (hugeTail) { // the last block is partly beyond the guest: 4 KiB pages there
            advise(range.start() + span - BLOCK, BLOCK, MADV_NOHUGEPAGE);
        }
        if (span != bytes && range.stale()) { // nothing of a former guest past its end, whichever pages the range has
            discard(range.start() + bytes, span - bytes);
        }
        empty(evicted);
        return range;
    }

    /** The address space a guest of {@code bytes} takes: whole 2 MiB blocks, so that no block holds two guests. */
    static long span(long bytes) {
        return (bytes + BLOCK - 1) & -BLOCK;
    }

    /**
     * A free range of {@code bytes}: for a guest arriving in bulk from the reservations advised as huge
     * pages (while they are in use), for a booting guest from those with 4 KiB pages. A booting guest
     * writes its pages a few at a time, so a fault per page costs it little, and a small idle guest
     * stays small (huge pages would make its few scattered pages 2 MiB each); an arriving guest's
     * pages come at the speed of a link or a disk, where a fault per 4 KiB is what slows it.
     */
    private static long takeFree(long bytes, boolean arriving) {
        boolean wantHuge = arriving && !(hugeDecided && !huge);
        TreeMap<Long, Long> free = wantHuge ? FREE : FREE_PLAIN;
        Map.Entry<Long, Long> fit = firstFit(free, bytes);
        if (fit == null) {
            long reserved = Math.max(RESERVATION, bytes);
            long start = reserve(reserved, wantHuge);
            if (start == 0) { // a system that counts even unreserved address space (strict overcommit): ask for what is needed
                reserved = bytes;
                start = reserve(reserved, wantHuge);
            }
            if (start == 0) {
                throw new OutOfMemoryError("cannot reserve " + (bytes >> 20) + " MiB of address space for guest memory");
            }
            give(start, reserved);
            free = freeMapOf(start); // the reservation may have 4 KiB pages after all (the kernel refused)
            fit = firstFit(free, bytes);
        }
        free.remove(fit.getKey());
        if (fit.getValue() > bytes) {
            free.put(fit.getKey() + bytes, fit.getValue() - bytes);
        }
        return fit.getKey();
    }

    /** The free map a range of this address belongs to. */
    private static TreeMap<Long, Long> freeMapOf(long start) {
        Map.Entry<Long, Long> plain = PLAIN.floorEntry(start);
        return plain != null && start < plain.getKey() + plain.getValue() ? FREE_PLAIN : FREE;
    }

    /** True when the range at {@code start} lies in a reservation advised as huge pages. */
    static synchronized boolean hugeRange(long start) {
        return huge && freeMapOf(start) == FREE;
    }

    /**
     * A guest's range comes back: kept resident if the pool has room for its resident bytes (within
     * the cap and, with the ranges in use, within the limit), else emptied and freed.
     */
    static void giveBack(long start, long bytes) {
        long span = span(bytes);
        if (span != bytes && hugeRange(start)) {
            advise(start + span - BLOCK, BLOCK, MADV_HUGEPAGE); // as the rest of the reservation again (the mappings join)
        }
        long resident = keepCap() > 0 ? keptCost(start, span) : 0;
        synchronized (AddressSpace.class) {
            inUse -= bytes;
            if (resident > 0 && keptResident + resident <= keepCap && keptResident + resident + inUse <= limit) {
                KEPT.put(start, span);
                keptResident += resident;
                return;
            }
        }
        discard(start, span);
        synchronized (AddressSpace.class) {
            give(start, span);
        }
    }

    /**
     * Sets the pool's cap and the limit of kept plus in-use bytes ({@link KeptRam#configure}); kept
     * ranges beyond either are emptied now.
     */
    static void configure(long keepBytes, long limitBytes) {
        List<Map.Entry<Long, Long>> evicted;
        synchronized (AddressSpace.class) {
            keepCap = Math.max(0, keepBytes);
            limit = Math.max(0, limitBytes);
            evicted = evictOverLimit();
        }
        empty(evicted);
    }

    /**
     * Fills the pool up to its cap (within the limit) with memory backed now, in whole 2 MiB units:
     * a hypervisor's free pages exist before its first guest arrives, so the first migration into
     * this process writes into resident memory as the later ones do. Returns the bytes added.
     */
    static long prefill() {
        long bytes;
        long start;
        synchronized (AddressSpace.class) {
            bytes = Math.min(keepCap - keptResident, limit - inUse - keptResident) & -BLOCK;
            if (bytes <= 0) {
                return 0;
            }
            start = takeFree(bytes, true); // the pool serves guests that arrive in bulk
            inUse += bytes; // counted while it is backed, so that guests taken meanwhile stay within the limit
        }
        boolean backed = populate(start, bytes);
        synchronized (AddressSpace.class) {
            inUse -= bytes;
            if (backed && keptResident + bytes <= keepCap && keptResident + bytes + inUse <= limit) {
                KEPT.put(start, bytes);
                keptResident += bytes;
                return bytes;
            }
        }
        discard(start, bytes);
        synchronized (AddressSpace.class) {
            give(start, bytes);
        }
        return 0;
    }

    /** Empties and frees every kept range. */
    static void giveBackKept() {
        List<Map.Entry<Long, Long>> evicted;
        synchronized (AddressSpace.class) {
            evicted = new ArrayList<>();
            while (!KEPT.isEmpty()) {
                evicted.add(KEPT.pollFirstEntry());
            }
            keptResident = 0;
        }
        empty(evicted);
    }

    static synchronized long keepCap() {
        return keepCap;
    }

    static synchronized long limit() {
        return limit;
    }

    static synchronized long keptBytes() {
        return keptResident;
    }

    static synchronized long inUseBytes() {
        return inUse;
    }

    /** Takes kept ranges out of the pool until it fits its cap and limit; the caller empties them ({@link #empty}). */
    private static List<Map.Entry<Long, Long>> evictOverLimit() {
        List<Map.Entry<Long, Long>> evicted = new ArrayList<>();
        while (!KEPT.isEmpty() && (keptResident > keepCap || keptResident + inUse > limit)) {
            Map.Entry<Long, Long> range = KEPT.pollLastEntry();
            keptResident = Math.max(0, keptResident - keptCost(range.getKey(), range.getValue()));
            evicted.add(range);
        }
        if (KEPT.isEmpty()) {
            keptResident = 0;
        }
        return evicted;
    }

    /** Empties evicted kept ranges outside the lock (a {@code madvise} of a GiB takes a while), then frees them. */
    private static void empty(List<Map.Entry<Long, Long>> ranges) {
        for (Map.Entry<Long, Long> range : ranges) {
            discard(range.getKey(), range.getValue());
            synchronized (AddressSpace.class) {
                give(range.getKey(), range.getValue());
            }
        }
    }

    /** Gives the pages of a range back to the system; the range stays the caller's and reads as zeros. */
    static void discard(long start, long bytes) {
        try {
            int rc = (int) MADVISE.invokeExact(MemorySegment.ofAddress(start), bytes, MADV_DONTNEED);
            if (rc != 0) {
                throw new IllegalStateException("madvise(MADV_DONTNEED) of " + bytes + " bytes of guest memory failed");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("madvise failed", e);
        }
    }

    /**
     * Backs the pages of a range now, in one call ({@code madvise(MADV_POPULATE_WRITE)}, Linux 5.14+),
     * instead of one page fault per page as they are first written: a page arriving by migration costs
     * its copy, not a trap into the kernel as well. False where the kernel cannot (the pages are then
     * backed by faults as usual).
     */
    static boolean populate(long start, long bytes) {
        try {
            return (int) MADVISE.invokeExact(MemorySegment.ofAddress(start), bytes, MADV_POPULATE_WRITE) == 0;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            return false;
        }
    }

    /** True while guest ranges are advised as huge pages (see {@link HugePages}). */
    static synchronized boolean hugePages() {
        return huge;
    }

    /**
     * What keeping a range costs the machine: its {@link #resident} bytes, or with huge pages every
     * 2 MiB block that holds a resident page counted whole ({@code khugepaged} may back the rest of
     * such a block while it is kept).
     */
    static long keptCost(long start, long bytes) {
        if (!hugeRange(start)) {
            return resident(start, bytes);
        }
        long cost = 0;
        for (long block = start; block < start + bytes; block += BLOCK) {
            long length = Math.min(BLOCK, start + bytes - block);
            if (resident(block, length) > 0) {
                cost += length;
            }
        }
        return cost;
    }

    /**
     * Bytes of the range resident in memory now ({@code mincore}): what keeping it costs the machine.
     * A page never written counts nothing; a range whose residency cannot be read counts whole.
     */
    static long resident(long start, long bytes) {
        long pages = bytes / GuestMemory.PAGE_SIZE;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment vector = arena.allocate(pages);
            int rc = (int) MINCORE.invokeExact(MemorySegment.ofAddress(start), bytes, vector);
            if (rc != 0) {
                return bytes;
            }
            long resident = 0;
            for (long i = 0; i < pages; i++) {
                resident += vector.get(JAVA_BYTE, i) & 1;
            }
            return resident * GuestMemory.PAGE_SIZE;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            return bytes;
        }
    }

    /**
     * The first range (lowest address) of at least {@code bytes}, as a copy: a {@link TreeMap}'s entry is
     * its tree node, which removing it may refill with its successor's key and value (a node with two
     * children), so a caller that removes the range and then reads the entry would take the next range
     * instead, at a length it may not have, over memory that is another guest's.
     */
    private static Map.Entry<Long, Long> firstFit(TreeMap<Long, Long> ranges, long bytes) {
        for (Map.Entry<Long, Long> range : ranges.entrySet()) {
            if (range.getValue() >= bytes) {
                return Map.entry(range.getKey(), range.getValue());
            }
        }
        return null;
    }

    /** Adds a range to the free map, joined with the free ranges right before and after it. */
    private static void give(long start, long bytes) {
        TreeMap<Long, Long> free = freeMapOf(start);
        Map.Entry<Long, Long> before = free.floorEntry(start);
        if (before != null && before.getKey() + before.getValue() == start) {
            free.remove(before.getKey());
            start = before.getKey();
            bytes += before.getValue();
        }
        Long after = free.get(start + bytes);
        if (after != null) {
            free.remove(start + bytes);
            bytes += after;
        }
        free.put(start, bytes);
    }

    /**
     * A new reservation of {@code bytes} starting on a 2 MiB boundary (one block more is mapped, and
     * the slack before the boundary and after the end is never used), or 0 when the system refuses it.
     * Advised as huge pages when they are {@link HugePages#requested requested}; the first reservation
     * decides whether they are used at all (a kernel that refuses the advice is asked no more).
     */
    private static long reserve(long bytes, boolean wantHuge) {
        long address;
        try {
            MemorySegment mapped = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, bytes + BLOCK, PROT_READ_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
            if (mapped.address() == -1L) {
                return 0;
            }
            address = (mapped.address() + BLOCK - 1) & -BLOCK;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("mmap failed", e);
        }
        boolean advised = false;
        if (wantHuge && !hugeDecided) {
            hugeDecided = true;
            huge = HugePages.decide(() -> advise(address, bytes, MADV_HUGEPAGE));
            advised = huge;
        } else if (wantHuge && huge) {
            advised = advise(address, bytes, MADV_HUGEPAGE);
            if (!advised) {
                HugePages.adviceFailed(); // this reservation has 4 KiB pages; the others keep theirs
            }
        }
        if (!advised) {
            PLAIN.put(address, bytes);
        }
        return address;
    }

    /** {@code madvise(advice)} of a range; false when the kernel refuses it. */
    private static boolean advise(long start, long bytes, int advice) {
        try {
            return (int) MADVISE.invokeExact(MemorySegment.ofAddress(start), bytes, advice) == 0;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            return false;
        }
    }
}
