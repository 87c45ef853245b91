package org.xensv.hypervisor.migration;

import java.io.IOException;
import java.util.List;
import org.xensv.hypervisor.memory.DirtyPages;
import org.xensv.hypervisor.memory.Pages;

/**
 * Sends the blocks of the travelling disk images in DISK_BLOCKS records: every block that is not all
 * zeros at first (the destination's new image is sparse), then the blocks written since. Not
 * thread-safe: one sender thread.
 */
final class DiskSender {

    private static final int BATCH = 8;

    private final List<MigratingDisk> disks;
    private final byte[] index = new byte[8 + BATCH * 8];
    private final byte[] data = new byte[BATCH * MigratingDisk.BLOCK_SIZE];
    private StreamWriter writer;
    private int disk;
    private int count;
    long blocksSent;

    DiskSender(List<MigratingDisk> disks) {
        this.disks = disks;
    }

    boolean any() {
        return !disks.isEmpty();
    }

    void startDirtyLogs() {
        disks.forEach(MigratingDisk::startDirtyLog);
    }

    void stopDirtyLogs() {
        disks.forEach(MigratingDisk::stopDirtyLog);
    }

    /** Every non-zero block of every disk (call after {@link #startDirtyLogs}, so later writes are caught). */
    void sendAll(StreamWriter out, IoCheck check) throws IOException {
        writer = out;
        for (int d = 0; d < disks.size(); d++) {
            MigratingDisk image = disks.get(d);
            for (long block = 0; block < image.blocks(); block++) {
                add(d, block, true);
                if ((block & 63) == 0) {
                    check.run();
                }
            }
            flush();
        }
    }

    /** The blocks written since the last call, read now. */
    void sendDirty(StreamWriter out, IoCheck check) throws IOException {
        writer = out;
        for (int d = 0; d < disks.size(); d++) {
            DirtyPages dirty = disks.get(d).readAndClearDirty();
            long[] words = dirty.words();
            for (int w = 0; w < words.length; w++) {
                long bits = words[w];
                while (bits != 0) {
                    add(d, ((long) w << 6) + Long.numberOfTrailingZeros(bits), false);
                    bits &= bits - 1;
                }
                if ((w & 63) == 0) {
                    check.run();
                }
            }
            flush();
        }
    }

    private void add(int d, long block, boolean skipZero) throws IOException {
        if (count > 0 && disk != d) {
            flush();
        }
        disk = d;
        int off = count * MigratingDisk.BLOCK_SIZE;
        disks.get(d).readBlock(block, data, off);
        if (skipZero && isZero(off)) {
            return;
        }
        StreamWriter.putLong(index, 8 + count * 8, block);
        count++;
        blocksSent++;
        if (count == BATCH) {
            flush();
        }
    }

    private boolean isZero(int off) {
        for (int p = 0; p < MigratingDisk.BLOCK_SIZE; p += org.xensv.hypervisor.memory.GuestMemory.PAGE_SIZE) {
            if (!Pages.isZero(data, off + p)) {
                return false;
            }
        }
        return true;
    }

    private void flush() throws IOException {
        if (count == 0) {
            return;
        }
        StreamWriter.putInt(index, 0, disk);
        StreamWriter.putInt(index, 4, count);
        writer.write(RecordType.DISK_BLOCKS, index, 0, 8 + count * 8, data, 0, count * MigratingDisk.BLOCK_SIZE, false);
        count = 0;
    }

    @FunctionalInterface
    interface IoCheck {
        void run() throws IOException;
    }
}
