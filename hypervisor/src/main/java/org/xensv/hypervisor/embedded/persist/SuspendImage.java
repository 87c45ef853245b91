package org.xensv.hypervisor.embedded.persist;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.xensv.hypervisor.embedded.memory.GuestMemory;
import org.xensv.hypervisor.embedded.workload.GuestState;

/**
 * The file a suspended domain lives in: a header, the vCPU/workload state, every non-zero page as
 * (pfn, 4 KiB) and the whole-memory checksum. Zero pages are not written: a 4 GiB guest that
 * touched 100 MiB leaves a file of about 100 MiB.
 */
public final class SuspendImage {

    private static final long MAGIC = 0x58454E5356535553L; // "XENSVSUS"
    private static final int VERSION = 1;

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
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeLong(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(uuid.getMostSignificantBits());
            out.writeLong(uuid.getLeastSignificantBits());
            state.write(out);
            out.writeLong(memory.pages());
            byte[] page = new byte[GuestMemory.PAGE_SIZE];
            for (long pfn = memory.nextPopulated(0); pfn >= 0; pfn = memory.nextPopulated(pfn + 1)) {
                if (memory.isZero(pfn)) {
                    continue;
                }
                memory.readPage(pfn, page);
                out.writeLong(pfn);
                out.write(page);
                written++;
            }
            out.writeLong(-1);
            out.writeLong(written);
            out.writeLong(memory.checksum());
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return written;
    }

    /** Reads an image back, checking its header, page count and whole-memory checksum. */
    public static Contents read(Path file) throws IOException {
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readLong() != MAGIC) {
                throw new IOException(file + " is not a suspend image");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + " has unknown version " + version);
            }
            UUID uuid = new UUID(in.readLong(), in.readLong());
            GuestState state = GuestState.read(in);
            GuestMemory memory = new GuestMemory(in.readLong());
            byte[] page = new byte[GuestMemory.PAGE_SIZE];
            long count = 0;
            for (long pfn = in.readLong(); pfn != -1; pfn = in.readLong()) {
                in.readFully(page);
                memory.writePage(pfn, page);
                count++;
            }
            if (in.readLong() != count) {
                throw new IOException(file + " is truncated: page count does not match");
            }
            if (in.readLong() != memory.checksum()) {
                throw new IOException(file + " is corrupt: memory checksum does not match");
            }
            return new Contents(uuid, state, memory, count);
        }
    }
}
