package org.xensv.hypervisor.migration;

import java.lang.foreign.MemorySegment;
import org.xensv.hypervisor.memory.GuestMemory;
import org.xensv.hypervisor.memory.Pages;

/**
 * The destination's checksum of the memory it received, kept up to date page by page from the
 * CRC32C each page arrives with (already verified against its content), so that it is ready the
 * moment the last page lands: no pass over the memory inside the downtime. It equals
 * {@link GuestMemory#checksum()} of the source at the pause when every page arrived as it was then.
 * One term per page, in chunks allocated as pages arrive.
 */
final class ReceivedChecksum {

    private static final int CHUNK_SHIFT = 9;
    private static final int CHUNK = 1 << CHUNK_SHIFT;

    private final long pages;
    private final long[][] terms;
    private long sum;

    ReceivedChecksum(long pages) {
        this.pages = pages;
        this.terms = new long[(int) ((pages + CHUNK - 1) >>> CHUNK_SHIFT)][];
    }

    /** Page {@code pfn} now holds {@code page}, whose CRC32C is {@code crc}. */
    synchronized void set(long pfn, int crc, MemorySegment page) {
        boolean zero = Pages.isZero(page, crc);
        put(pfn, zero ? 0 : Pages.checksumTerm(pfn, crc));
    }

    /** Page {@code pfn} reads as zeros (or is absent, to arrive later). */
    synchronized void clear(long pfn) {
        put(pfn, 0);
    }

    synchronized long value() {
        return Pages.checksumOf(sum, pages);
    }

    private void put(long pfn, long term) {
        int c = (int) (pfn >>> CHUNK_SHIFT);
        long[] chunk = terms[c];
        if (chunk == null) {
            if (term == 0) {
                return;
            }
            chunk = terms[c] = new long[CHUNK];
        }
        int i = (int) (pfn & (CHUNK - 1));
        sum += term - chunk[i];
        chunk[i] = term;
    }
}
