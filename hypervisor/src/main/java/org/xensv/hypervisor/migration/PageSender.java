package org.xensv.hypervisor.migration;

import java.io.IOException;
import java.util.Arrays;
import org.xensv.hypervisor.embedded.memory.GuestMemory;

/**
 * Packs pages of guest memory into PAGE_BATCH records (and zero pages into ZERO_PAGES markers) on
 * one link. Not thread-safe: one sender thread.
 */
final class PageSender {

    private static final byte[] ZERO = new byte[GuestMemory.PAGE_SIZE];

    private final GuestMemory memory;
    private final int capacity;
    private final byte[] batch;
    private final byte[] zeros;
    private int pages;
    private int zeroCount;
    private StreamWriter writer;
    long pagesSent;
    long zeroPagesSent;

    PageSender(GuestMemory memory, int capacity) {
        this.memory = memory;
        this.capacity = capacity;
        this.batch = new byte[4 + capacity * (8 + GuestMemory.PAGE_SIZE)];
        this.zeros = new byte[4 + capacity * 8];
    }

    void use(StreamWriter writer) {
        this.writer = writer;
        pages = 0;
        zeroCount = 0;
    }

    /** Adds page {@code pfn} as it reads now; sends when a batch is full. */
    void add(long pfn) throws IOException {
        int data = 4 + capacity * 8 + pages * GuestMemory.PAGE_SIZE;
        memory.readPage(pfn, tmp());
        if (Arrays.equals(tmp, 0, GuestMemory.PAGE_SIZE, ZERO, 0, GuestMemory.PAGE_SIZE)) {
            StreamWriter.putLong(zeros, 4 + zeroCount * 8, pfn);
            zeroCount++;
            zeroPagesSent++;
            if (zeroCount == capacity) {
                flushZeros();
            }
            return;
        }
        StreamWriter.putLong(batch, 4 + pages * 8, pfn);
        System.arraycopy(tmp, 0, batch, data, GuestMemory.PAGE_SIZE);
        pages++;
        pagesSent++;
        if (pages == capacity) {
            flushPages(false);
        }
    }

    private byte[] tmp;

    private byte[] tmp() {
        if (tmp == null) {
            tmp = new byte[GuestMemory.PAGE_SIZE];
        }
        return tmp;
    }

    /** Sends what is pending; {@code push} flushes the socket too (latency matters). */
    void flush(boolean push) throws IOException {
        flushZeros();
        flushPages(push);
        if (push) {
            writer.flush();
        }
    }

    private void flushPages(boolean push) throws IOException {
        if (pages == 0) {
            return;
        }
        StreamWriter.putInt(batch, 0, pages);
        // compact: pfns then pages, the pages right after the pfns actually used
        int pfnEnd = 4 + pages * 8;
        int dataStart = 4 + capacity * 8;
        if (pages < capacity) {
            System.arraycopy(batch, dataStart, batch, pfnEnd, pages * GuestMemory.PAGE_SIZE);
            writer.write(RecordType.PAGE_BATCH, batch, 0, pfnEnd + pages * GuestMemory.PAGE_SIZE, push);
        } else {
            writer.write(RecordType.PAGE_BATCH, batch, 0, dataStart + pages * GuestMemory.PAGE_SIZE, push);
        }
        pages = 0;
    }

    private void flushZeros() throws IOException {
        if (zeroCount == 0) {
            return;
        }
        StreamWriter.putInt(zeros, 0, zeroCount);
        writer.write(RecordType.ZERO_PAGES, zeros, 0, 4 + zeroCount * 8, false);
        zeroCount = 0;
    }
}
