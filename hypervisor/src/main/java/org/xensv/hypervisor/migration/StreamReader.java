package org.xensv.hypervisor.migration;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.zip.CRC32C;
import org.xensv.hypervisor.embedded.memory.GuestMemory;
import org.xensv.hypervisor.embedded.memory.Pages;

/**
 * Reads and verifies records; one reader thread per stream. Reads from the socket into a direct
 * buffer (on a socket channel, the kernel's copy is the only one); a received page is checked
 * there and copied once, into the frame it will live in.
 */
final class StreamReader {

    /** Largest payload accepted: a page batch of 1024 pages and then some. */
    static final int MAX_PAYLOAD = 8 << 20;
    /** Bytes per page in a PAGE_BATCH: pfn, CRC32C, content. */
    static final int PAGE_ENTRY = 8 + 4 + GuestMemory.PAGE_SIZE;

    /** Received, not yet parsed: from position to limit. */
    private final ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
    /** One page of {@link #in} at a time, for its CRC. */
    private final ByteBuffer page = in.duplicate();
    private final ReadableByteChannel channel;
    private final String peer;
    private byte[] buffer = new byte[1 << 16];
    /** A PAGE_BATCH's frames and the CRCs of what was read into them, while the batch is checked. */
    private byte[][] frames = new byte[0][];
    private int[] crcs = new int[0];
    private long records;
    private final byte[] head = new byte[8];
    private final CRC32C crc = new CRC32C();

    StreamReader(ReadableByteChannel channel, String peer) {
        this.channel = channel;
        this.peer = peer;
        in.limit(0);
    }

    StreamReader(InputStream in, String peer) {
        this(Channels.newChannel(in), peer);
    }

    /** A reader on {@code socket}: straight from its channel when it has one (a socket opened from a channel). */
    static StreamReader on(Socket socket, String peer) throws IOException {
        return socket.getChannel() != null ? new StreamReader(socket.getChannel(), peer) : new StreamReader(socket.getInputStream(), peer);
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

    /**
     * Where the pages of a PAGE_BATCH go when read with {@link #read(PageSink)}: each straight into a
     * frame of its own, handed over only once the record and every page passed its checksum.
     */
    interface PageSink {

        /** A frame to read one page into. */
        byte[] frame();

        /** A verified page: the sink owns the frame now. */
        void page(long pfn, int crc, byte[] frame) throws IOException;

        /** A frame not handed over after all (the record failed). */
        void discard(byte[] frame);
    }

    /** The next record; EOFException at a clean end of stream between records. */
    Record read() throws IOException {
        return read(null);
    }

    /**
     * The next record, a PAGE_BATCH's pages going to {@code sink} without a copy (its returned payload
     * is then the index only: count, pfns, CRCs). EOFException at a clean end of stream between records.
     */
    Record read(PageSink sink) throws IOException {
        if (!in.hasRemaining() && !fill()) {
            throw new EOFException("the connection from " + peer + " was closed");
        }
        int code = readInt();
        int length = readInt();
        records++;
        RecordType type = RecordType.of(code);
        if (type == null || length < 0 || length > MAX_PAYLOAD) {
            throw new StreamCorruptedException("record #" + records + " from " + peer + " has a bad header (type " + code + ", length " + length + ")");
        }
        if (type == RecordType.PAGE_BATCH && sink != null) {
            return readPagesInto(code, length, sink);
        }
        if (buffer.length < length) {
            buffer = new byte[Math.max(length, buffer.length * 2)];
        }
        readFully(buffer, 0, length);
        int expected = readInt();
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

    private Record readPagesInto(int code, int length, PageSink sink) throws IOException {
        if (length < 4) {
            throw new StreamCorruptedException("record #" + records + " (PAGE_BATCH, " + length + " bytes) from " + peer + " is too short");
        }
        readFully(buffer, 0, 4);
        int covered = pageBatchIndexLength(length);
        if (buffer.length < covered) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(covered, buffer.length * 2));
        }
        readFully(buffer, 4, covered - 4);
        Record index = new Record(RecordType.PAGE_BATCH, buffer, covered);
        int n = index.getInt(0);
        if (frames.length < n) { // the largest batch so far: no allocation per record
            frames = new byte[n][];
            crcs = new int[n];
        }
        try {
            for (int i = 0; i < n; i++) {
                frames[i] = sink.frame();
                ensure(GuestMemory.PAGE_SIZE);
                page.limit(in.position() + GuestMemory.PAGE_SIZE).position(in.position());
                crcs[i] = Pages.crc(page); // while the page is in cache; compared once the index is known good
                in.get(frames[i], 0, GuestMemory.PAGE_SIZE);
            }
            int expected = readInt();
            StreamWriter.putInt(head, 0, code);
            StreamWriter.putInt(head, 4, length);
            crc.reset();
            crc.update(head, 0, 8);
            crc.update(buffer, 0, covered);
            if ((int) crc.getValue() != expected) {
                throw new StreamCorruptedException("record #" + records + " (PAGE_BATCH, " + length + " bytes) from " + peer
                        + " fails its CRC32C checksum");
            }
            for (int i = 0; i < n; i++) {
                if (crcs[i] != index.getInt(4 + n * 8 + i * 4)) {
                    throw pageFailsItsCrc(index, i);
                }
            }
            for (int i = 0; i < n; i++) {
                byte[] frame = frames[i];
                frames[i] = null;
                sink.page(index.getLong(4 + i * 8), crcs[i], frame);
            }
            return index;
        } finally {
            for (int i = 0; i < n; i++) {
                if (frames[i] != null) {
                    sink.discard(frames[i]);
                    frames[i] = null;
                }
            }
        }
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
            checkPage(r, i, r.payload(), data + i * GuestMemory.PAGE_SIZE);
        }
    }

    /** Page {@code i} of a PAGE_BATCH (its content at {@code off} in {@code page}) against the CRC32C in the batch's index. */
    private void checkPage(Record index, int i, byte[] page, int off) throws StreamCorruptedException {
        int n = index.getInt(0);
        if (Pages.crc(page, off) != index.getInt(4 + n * 8 + i * 4)) {
            throw pageFailsItsCrc(index, i);
        }
    }

    private StreamCorruptedException pageFailsItsCrc(Record index, int i) {
        return new StreamCorruptedException("record #" + records + " from " + peer + ": page " + index.getLong(4 + i * 8) + " fails its CRC32C checksum");
    }

    // ---- the receive buffer ----------------------------------------------------------------

    /** Reads more from the channel (keeping what is unread); false at the end of the stream. */
    private boolean fill() throws IOException {
        in.compact();
        try {
            return channel.read(in) >= 0;
        } finally {
            in.flip();
        }
    }

    /** Makes {@code n} bytes (at most the buffer's size) available, or throws EOFException. */
    private void ensure(int n) throws IOException {
        while (in.remaining() < n) {
            if (!fill()) {
                throw new EOFException("the connection from " + peer + " was closed in the middle of record #" + records);
            }
        }
    }

    private int readInt() throws IOException {
        ensure(4);
        return in.getInt();
    }

    private void readFully(byte[] dst, int off, int len) throws IOException {
        while (len > 0) {
            ensure(1);
            int k = Math.min(len, in.remaining());
            in.get(dst, off, k);
            off += k;
            len -= k;
        }
    }
}
