package org.xensv.hypervisor.memory;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
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
 * <p>Why not one {@code mmap} per guest: {@code mmap} and {@code munmap} take the process's
 * memory-map lock for writing, and every first touch of a page takes it for reading, so creating a
 * guest waited behind the page faults of every guest booting beside it (1,000 guests started at once
 * spent most of their start there). Reservations are rare; {@code madvise} only reads the lock.
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

    private static final MethodHandle MMAP;
    private static final MethodHandle MADVISE;
    /** Free ranges: start address -> length in bytes, never two adjacent ones. */
    private static final TreeMap<Long, Long> FREE = new TreeMap<>();

    static {
        Linker linker = Linker.nativeLinker();
        boolean linux = System.getProperty("os.name", "").toLowerCase().contains("linux");
        Optional<MemorySegment> mmap = linux ? linker.defaultLookup().find("mmap") : Optional.empty();
        MMAP = mmap.map(s -> linker.downcallHandle(s,
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG))).orElse(null);
        MADVISE = MMAP == null ? null : linker.downcallHandle(linker.defaultLookup().find("madvise").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }

    private AddressSpace() {
    }

    static boolean available() {
        return MMAP != null;
    }

    /** The start address of a free range of {@code bytes} (a multiple of the page size), reserving more if needed. */
    static synchronized long take(long bytes) {
        Map.Entry<Long, Long> fit = firstFit(bytes);
        if (fit == null) {
            long reserved = Math.max(RESERVATION, bytes);
            long start = reserve(reserved);
            if (start == 0) { // a system that counts even unreserved address space (strict overcommit): ask for what is needed
                reserved = bytes;
                start = reserve(reserved);
            }
            if (start == 0) {
                throw new OutOfMemoryError("cannot reserve " + (bytes >> 20) + " MiB of address space for guest memory");
            }
            give(start, reserved);
            fit = firstFit(bytes);
        }
        FREE.remove(fit.getKey());
        if (fit.getValue() > bytes) {
            FREE.put(fit.getKey() + bytes, fit.getValue() - bytes);
        }
        return fit.getKey();
    }

    /** Empties the range (its pages go back to the system and read as zeros after) and frees it. */
    static void giveBack(long start, long bytes) {
        discard(start, bytes);
        synchronized (AddressSpace.class) {
            give(start, bytes);
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

    /** Bytes of address space free for guests now (reserved and not in use). */
    static synchronized long freeBytes() {
        return FREE.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map.Entry<Long, Long> firstFit(long bytes) {
        for (Map.Entry<Long, Long> range : FREE.entrySet()) {
            if (range.getValue() >= bytes) {
                return range;
            }
        }
        return null;
    }

    /** Adds a range to the free map, joined with the free ranges right before and after it. */
    private static void give(long start, long bytes) {
        Map.Entry<Long, Long> before = FREE.floorEntry(start);
        if (before != null && before.getKey() + before.getValue() == start) {
            FREE.remove(before.getKey());
            start = before.getKey();
            bytes += before.getValue();
        }
        Long after = FREE.get(start + bytes);
        if (after != null) {
            FREE.remove(start + bytes);
            bytes += after;
        }
        FREE.put(start, bytes);
    }

    /** A new reservation of {@code bytes}, or 0 when the system refuses it. */
    private static long reserve(long bytes) {
        try {
            MemorySegment address = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, bytes, PROT_READ_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
            return address.address() == -1L ? 0 : address.address();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("mmap failed", e);
        }
    }
}
