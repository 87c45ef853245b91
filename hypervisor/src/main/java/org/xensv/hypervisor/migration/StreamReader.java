package org.xensv.hypervisor.migration;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;
import org.xensv.hypervisor.embedded.memory.GuestMemory;

/** Reads and verifies records; one reader thread per stream. */
final class StreamReader {

    /** Largest payload accepted: a page batch of 1024 pages and then some. */
    static final int MAX_PAYLOAD = 8 << 20;
    /** Bytes per page in a PAGE_BATCH: pfn, CRC32C, content. */
    static final int PAGE_ENTRY = 8 + 4 + GuestMemory.PAGE_SIZE;

    private final DataInputStream in;
    private final String peer;
    private byte[] buffer = new byte[1 << 16];
    private long records;
    private final byte[] head = new byte[8];
    private final CRC32C crc = new CRC32C();

    StreamReader(InputStream in, String peer) {
        this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
        this.peer = peer;
    }

    /** One verified record; its payload is valid until the next call. */
    record Record(RecordType type, byte[] payload, int length) {

        DataInputStream data() {
            return new DataInputStream(new ByteArrayInputStream(payload, 0, length));
        }

        int getInt(int off) {
            return ((payload[off] & 0xFF) << 24) | ((payload[off + 1] & 0xFF) << 16) | ((payload[off + 2] & 0xFF) << 8) | (payload[off + 3] & 0xFF);
        }

        long getLong(int off) {
            return ((long) getInt(off) << 32) | (getInt(off + 4) & 0xFFFFFFFFL);
        }
    }

    /** The next record; EOFException at a clean end of stream between records. */
    Record read() throws IOException {
        int code;
        try {
            code = in.readInt();
        } catch (EOFException e) {
            throw new EOFException("the connection from " + peer + " was closed");
        }
        int length = in.readInt();
        records++;
        RecordType type = RecordType.of(code);
        if (type == null || length < 0 || length > MAX_PAYLOAD) {
            throw new StreamCorruptedException("record #" + records + " from " + peer + " has a bad header (type " + code + ", length " + length + ")");
        }
        if (buffer.length < length) {
            buffer = new byte[Math.max(length, buffer.length * 2)];
        }
        in.readFully(buffer, 0, length);
        int expected = in.readInt();
        int covered = type == RecordType.PAGE_BATCH ? pageBatchIndexLength(length) : length;
        StreamWriter.putInt(head, 0, code);
        StreamWriter.putInt(head, 4, length);
        crc.reset();
        crc.update(head, 0, 8);
        crc.update(buffer, 0, covered);
        if ((int) crc.getValue() != expected) {
            throw new StreamCorruptedException("record #" + records + " (" + type + ", " + length + " bytes) from " + peer + " fails its CRC32C checksum");
        }
        Record record = new Record(type, buffer, length);
        if (type == RecordType.PAGE_BATCH) {
            verifyPages(record);
        }
        return record;
    }

    /** The count, pfns and CRCs of a PAGE_BATCH (what its record CRC covers), after checking the length. */
    private int pageBatchIndexLength(int length) throws StreamCorruptedException {
        int n = length >= 4 ? new Record(RecordType.PAGE_BATCH, buffer, length).getInt(0) : -1;
        if (n < 0 || 4L + (long) n * PAGE_ENTRY != length) {
            throw new StreamCorruptedException("record #" + records + " (PAGE_BATCH, " + length + " bytes) from " + peer
                    + " does not hold the " + n + " pages it announces");
        }
        return 4 + n * 12;
    }

    private void verifyPages(Record r) throws StreamCorruptedException {
        int n = r.getInt(0);
        int data = 4 + n * 12;
        for (int i = 0; i < n; i++) {
            crc.reset();
            crc.update(r.payload(), data + i * GuestMemory.PAGE_SIZE, GuestMemory.PAGE_SIZE);
            if ((int) crc.getValue() != r.getInt(4 + n * 8 + i * 4)) {
                throw new StreamCorruptedException("record #" + records + " from " + peer + ": page " + r.getLong(4 + i * 8)
                        + " fails its CRC32C checksum");
            }
        }
    }
}
