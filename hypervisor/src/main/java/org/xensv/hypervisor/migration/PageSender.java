package org.xensv.hypervisor.migration;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.xensv.hypervisor.memory.GuestMemory;
import org.xensv.hypervisor.memory.Pages;

/**
 * Packs pages of guest memory into PAGE_BATCH records (and zero pages into ZERO_PAGES markers) on
 * one link. Not thread-safe: one sender thread.
 */
final class PageSender {

    private final GuestMemory memory;
    private final int capacity;
    /** count:int32, the pfns of the pending pages, then their CRC32Cs (the first segment of a PAGE_BATCH). */
    private final byte[] pfns;
    private final int[] crcs;
    /** The pending pages, copied straight from guest memory into native memory the socket sends from. */
    private final ByteBuffer data;
    /** {@link #data} as a segment, for copies straight from guest memory. */
    private final MemorySegment dataSegment;
    private final byte[] zeros;
    private int pages;
    private int zeroCount;
    private StreamWriter writer;
    long pagesSent;
    long zeroPagesSent;

    PageSender(GuestMemory memory, int capacity) {
        this.memory = memory;
        this.capacity = capacity;
        this.pfns = new byte[4 + capacity * 12];
        this.crcs = new int[capacity];
        this.data = ByteBuffer.allocateDirect(capacity * GuestMemory.PAGE_SIZE);
        this.dataSegment = MemorySegment.ofBuffer(data);
        this.zeros = new byte[4 + capacity * 8];
    }

    void use(StreamWriter writer) {
        this.writer = writer;
        pages = 0;
        zeroCount = 0;
    }

    /** Adds page {@code pfn} as it reads now; sends when a batch is full. */
    void add(long pfn) throws IOException {
        int off = pages * GuestMemory.PAGE_SIZE;
        memory.readPage(pfn, dataSegment, off); // one copy, native to native: the snapshot that goes on the wire
        MemorySegment page = dataSegment.asSlice(off, GuestMemory.PAGE_SIZE);
        int crc = Pages.crc(page); // first: a page whose CRC is not a zero page's needs no zero scan
        if (Pages.isZero(page, crc)) {
            StreamWriter.putLong(zeros, 4 + zeroCount * 8, pfn);
            zeroCount++;
            zeroPagesSent++;
            if (zeroCount == capacity) {
                flushZeros();
            }
            return;
        }
        StreamWriter.putLong(pfns, 4 + pages * 8, pfn);
        crcs[pages] = crc;
        pages++;
        pagesSent++;
        if (pages == capacity) {
            flushPages(false);
        }
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
        StreamWriter.putInt(pfns, 0, pages);
        for (int i = 0; i < pages; i++) {
            StreamWriter.putInt(pfns, 4 + pages * 8 + i * 4, crcs[i]);
        }
        data.limit(pages * GuestMemory.PAGE_SIZE).position(0);
        writer.writePages(pfns, 4 + pages * 12, data, push);
        data.clear();
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
