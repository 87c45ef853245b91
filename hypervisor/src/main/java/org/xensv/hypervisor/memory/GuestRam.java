package org.xensv.hypervisor.memory;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * A guest's RAM in native memory, outside the Java heap, as a real hypervisor keeps guest RAM outside
 * its own: one private anonymous mapping ({@code mmap(MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE)})
 * through the FFM API. The kernel backs a page on its first write, so a page never written costs
 * nothing, and reads of it return zeros. {@link #discard} gives one page back to the kernel
 * ({@code madvise(MADV_DONTNEED)}: it reads as zeros again), {@link #close} unmaps the whole.
 *
 * <p>The mapping belongs to a shared {@link Arena}: closing it while another thread still reads or
 * writes fails that access with an {@link IllegalStateException} instead of touching unmapped memory,
 * so a late reader can never crash the process. Where {@code mmap} is not available (not Linux or
 * macOS), the arena allocates the memory instead, zeroed and committed up front.
 */
final class GuestRam implements AutoCloseable {

    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final int MADV_DONTNEED = 4;
    private static final long MAP_FAILED = -1L;

    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle MADVISE;

    static {
        Linker linker = Linker.nativeLinker();
        boolean linux = System.getProperty("os.name", "").toLowerCase().contains("linux");
        Optional<MemorySegment> mmap = linux ? linker.defaultLookup().find("mmap") : Optional.empty();
        MMAP = mmap.map(s -> linker.downcallHandle(s,
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG))).orElse(null);
        MUNMAP = MMAP == null ? null : linker.downcallHandle(linker.defaultLookup().find("munmap").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        MADVISE = MMAP == null ? null : linker.downcallHandle(linker.defaultLookup().find("madvise").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }

    private final Arena arena = Arena.ofShared();
    private final MemorySegment segment;
    private final boolean mapped;

    GuestRam(long bytes) {
        MemorySegment mapping = MMAP == null ? null : map(bytes);
        if (mapping != null) {
            this.segment = mapping.reinterpret(bytes, arena, GuestRam::unmap);
            this.mapped = true;
        } else {
            this.segment = arena.allocate(bytes, GuestMemory.PAGE_SIZE);
            this.mapped = false;
        }
    }

    /** The whole RAM; valid until {@link #close}. */
    MemorySegment segment() {
        return segment;
    }

    /** Gives the page at {@code offset} back to the kernel: it reads as zeros and costs nothing after. */
    void discard(long offset) {
        if (mapped) {
            try {
                int rc = (int) MADVISE.invokeExact(segment.asSlice(offset, GuestMemory.PAGE_SIZE), (long) GuestMemory.PAGE_SIZE, MADV_DONTNEED);
                if (rc == 0) {
                    return;
                }
            } catch (Throwable e) {
                throw new IllegalStateException("madvise failed", e);
            }
        }
        segment.asSlice(offset, GuestMemory.PAGE_SIZE).fill((byte) 0);
    }

    /** Unmaps the RAM; any access after, from any thread, fails instead of reaching freed memory. */
    @Override
    public void close() {
        arena.close();
    }

    private static MemorySegment map(long bytes) {
        try {
            MemorySegment address = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, bytes, PROT_READ_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
            if (address.address() == MAP_FAILED || address.address() == 0) {
                throw new OutOfMemoryError("mmap of " + (bytes >> 20) + " MiB of guest memory failed");
            }
            return address;
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("mmap failed", e);
        }
    }

    private static void unmap(MemorySegment mapping) {
        try {
            int rc = (int) MUNMAP.invokeExact(MemorySegment.ofAddress(mapping.address()), mapping.byteSize());
            if (rc != 0) {
                throw new IllegalStateException("munmap of guest memory at 0x" + Long.toHexString(mapping.address()) + " failed");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("munmap failed", e);
        }
    }
}
