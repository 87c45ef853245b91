package org.xensv.hypervisor.embedded.persist;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.xensv.hypervisor.memory.GuestMemory;
import org.xensv.hypervisor.embedded.workload.GuestState;

/**
 * The file a suspended domain lives in: a header, the vCPU/workload state, every non-zero page as
 * (pfn, 4 KiB), a terminator, the page count and the whole-memory checksum, all big-endian. Zero pages are not written: a 4 GiB
 * guest that touched 100 MiB leaves a file of about 100 MiB. Pages go between guest memory and the
 * file through one native buffer, never through the Java heap.
 */
public final class SuspendImage {

    private static final long MAGIC = 0x58454E5356535553L; // "XENSVSUS"
    private static final int VERSION = 2;
    private static final int BUFFER = 1 << 20;

    /** What a suspend image holds. */
    public record Contents(UUID uuid, GuestState state, GuestMemory memory, long pagesWritten) {
    }

    private SuspendImage() {
    }

    /** Writes the image; the domain must be paused. Returns the number of pages written. */
    public static long write(Path file, UUID uuid, GuestState state, GuestMemory memory) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        long written = 0;
        ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
        MemorySegment outSegment = MemorySegment.ofBuffer(out);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            out.putLong(MAGIC).putInt(VERSION).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            byte[] vcpus = state.toBytes();
            out.putInt(vcpus.length).put(vcpus);
            out.putLong(memory.pages());
            for (long pfn = memory.nextPopulated(0); pfn >= 0; pfn = memory.nextPopulated(pfn + 1)) {
                if (memory.isZero(pfn)) {
                    continue;
                }
                if (out.remaining() < 8 + GuestMemory.PAGE_SIZE) {
                    drain(out, channel);
                }
                out.putLong(pfn);
                memory.readPage(pfn, outSegment, out.position());
                out.position(out.position() + GuestMemory.PAGE_SIZE);
                written++;
            }
            if (out.remaining() < 24) {
                drain(out, channel);
            }
            out.putLong(-1).putLong(written).putLong(memory.checksum());
            drain(out, channel);
            channel.force(false);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return written;
    }

    /** Reads an image back, checking its header, page count and whole-memory checksum. */
    public static Contents read(Path file) throws IOException {
        GuestMemory memory = null;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer in = ByteBuffer.allocateDirect(BUFFER).limit(0);
            MemorySegment inSegment = MemorySegment.ofBuffer(in.duplicate().clear());
            ensure(in, channel, 28, file);
            if (in.getLong() != MAGIC) {
                throw new IOException(file + " is not a suspend image");
            }
            int version = in.getInt();
            if (version != VERSION) {
                throw new IOException(file + " has unknown version " + version);
            }
            UUID uuid = new UUID(in.getLong(), in.getLong());
            ensure(in, channel, 4, file);
            int stateLength = in.getInt();
            if (stateLength < 0 || stateLength > in.capacity() - 8) {
                throw new IOException(file + " is corrupt: its vCPU state claims " + stateLength + " bytes");
            }
            ensure(in, channel, stateLength, file);
            byte[] vcpus = new byte[stateLength];
            in.get(vcpus);
            GuestState state = GuestState.read(new DataInputStream(new ByteArrayInputStream(vcpus)));
            ensure(in, channel, 8, file);
            memory = GuestMemory.arriving(in.getLong());
            long count = 0;
            while (true) {
                ensure(in, channel, 8, file);
                long pfn = in.getLong();
                if (pfn == -1) {
                    break;
                }
                ensure(in, channel, GuestMemory.PAGE_SIZE, file);
                if (pfn < 0 || pfn >= memory.pages()) {
                    throw new IOException(file + " is corrupt: page " + pfn + " lies outside the guest's " + memory.pages() + " pages");
                }
                memory.writePage(pfn, inSegment.asSlice(in.position(), GuestMemory.PAGE_SIZE));
                in.position(in.position() + GuestMemory.PAGE_SIZE);
                count++;
            }
            ensure(in, channel, 16, file);
            if (in.getLong() != count) {
                throw new IOException(file + " is truncated: page count does not match");
            }
            if (in.getLong() != memory.checksum()) {
                throw new IOException(file + " is corrupt: memory checksum does not match");
            }
            Contents contents = new Contents(uuid, state, memory, count);
            memory = null;
            return contents;
        } finally {
            if (memory != null) {
                memory.release(); // a bad image leaves no guest memory behind
            }
        }
    }

    private static void drain(ByteBuffer out, FileChannel channel) throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
        out.clear();
    }

    /** Makes at least {@code n} bytes readable in {@code in} (fewer only at the end of the file, then EOF). */
    private static void ensure(ByteBuffer in, FileChannel channel, int n, Path file) throws IOException {
        if (in.remaining() >= n) {
            return;
        }
        in.compact();
        while (in.position() < n) {
            if (channel.read(in) < 0) {
                throw new EOFException(file + " is truncated");
            }
        }
        in.flip();
    }
}
