package org.xensv.hypervisor.migration;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.xensv.hypervisor.memory.GuestMemory;
import org.xensv.hypervisor.memory.Pages;

/**
 * Reads and verifies records; one reader thread per stream. Reads from the socket into a direct
 * buffer (on a socket channel, the kernel's copy is the only one); a received page is checked
 * there and copied once, into the frame it will live in, or, where the sink offers the page's own
 * memory (a destination before its guest runs), read straight into it and checked there.
 */
final class StreamReader {

    /** Largest payload accepted: a page batch of 1024 pages and then some. */
    static final int MAX_PAYLOAD = 8 << 20;
    /** Bytes per page in a PAGE_BATCH: pfn, CRC32C, content. */
    static final int PAGE_ENTRY = 8 + 4 + GuestMemory.PAGE_SIZE;

    /** Received, not yet parsed: from position to limit; grows to hold the largest page batch whole. */
    private ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
    /** {@link #in} as a segment (index 0 = the buffer's start), for the pages of a batch. */
    private MemorySegment received = MemorySegment.ofBuffer(in.duplicate().clear());
    private final ReadableByteChannel channel;
    private final String peer;
    private byte[] buffer = new byte[1 << 16];
    /** The CRCs of a PAGE_BATCH's pages, while the batch is checked. */
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
     * Where the pages of a PAGE_BATCH go when read with {@link #read(PageSink)}: each handed over in
     * the receive buffer (native memory), only once the record and every page passed its checksum,
     * for the sink to copy where it belongs (guest memory: native to native, no heap copy).
     */
    interface PageSink {

        /** A verified page, valid only until this returns. */
        void page(long pfn, int crc, MemorySegment page) throws IOException;

        /** Before the pages of a verified batch are handed over: pages {@code first .. first + count - 1} come next. */
        default void arriving(long first, long count) throws IOException {
        }

        /**
         * Where pages {@code first .. first + count - 1} may be read straight into (the guest's own
         * memory, while no vCPU runs on it), or null to have the batch's pages handed over through
         * {@link #page} instead. Asked for every page of a batch once the batch's first page said yes;
         * a page read in place is checked there and reported by {@link #placed}. A batch that fails
         * its checks then leaves pages of it in place, so only a sink that discards the memory on a
         * failure may say yes.
         */
        default MemorySegment placement(long first, long count) throws IOException {
            return null;
        }

        /** Page {@code pfn} was read into its {@link #placement} and passed its checksum, {@code crc}. */
        default void placed(long pfn, int crc) throws IOException {
            throw new UnsupportedOperationException("no placement was offered");
        }
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
        if (n > 0 && sink.placement(index.getLong(4), 1) != null) {
            return readPagesInPlace(code, length, covered, index, sink);
        }
        int dataBytes = n * GuestMemory.PAGE_SIZE;
        ensure(dataBytes + 4); // the whole batch stays in the receive buffer until it is known good
        int data = in.position();
        if (crcs.length < n) { // the largest batch so far: no allocation per record
            crcs = new int[n];
        }
        for (int i = 0; i < n; i++) {
            crcs[i] = Pages.crc(received.asSlice(data + (long) i * GuestMemory.PAGE_SIZE, GuestMemory.PAGE_SIZE));
        }
        in.position(data + dataBytes);
        int expected = in.getInt();
        checkBatchIndex(code, length, covered, expected);
        for (int i = 0; i < n; i++) {
            if (crcs[i] != index.getInt(4 + n * 8 + i * 4)) {
                throw pageFailsItsCrc(index, i);
            }
        }
        announceRuns(index, n, sink); // before they are handed over
        for (int i = 0; i < n; i++) {
            sink.page(index.getLong(4 + i * 8), crcs[i], received.asSlice(data + (long) i * GuestMemory.PAGE_SIZE, GuestMemory.PAGE_SIZE));
        }
        return index;
    }

    /**
     * A PAGE_BATCH whose pages go straight from the socket into the guest's memory (a destination
     * before its guest runs): the kernel's copy is the only one, as into a frame. Each page is
     * checked where it landed; the record's checksum covers the index, so a page put in the wrong
     * place by a damaged index fails the record, and the sink discards the memory it said may take it.
     */
    private Record readPagesInPlace(int code, int length, int covered, Record index, PageSink sink) throws IOException {
        int n = index.getInt(0);
        announceRuns(index, n, sink);
        List<ByteBuffer> runs = new ArrayList<>();
        for (int i = 0; i < n; ) { // one buffer per run of consecutive pages: their memory is one range
            long first = index.getLong(4 + i * 8);
            int count = 1;
            while (i + count < n && index.getLong(4 + (i + count) * 8) == first + count) {
                count++;
            }
            MemorySegment place = sink.placement(first, count);
            if (place == null || place.byteSize() != (long) count * GuestMemory.PAGE_SIZE) {
                throw new IllegalStateException("the sink offered a placement for the batch's first page only");
            }
            runs.add(place.asByteBuffer());
            i += count;
        }
        ByteBuffer[] pages = runs.toArray(ByteBuffer[]::new);
        int next = 0;
        while (next < pages.length && in.hasRemaining()) { // what the receive buffer holds already
            ByteBuffer run = pages[next];
            int k = Math.min(run.remaining(), in.remaining());
            run.put(in.slice(in.position(), k));
            in.position(in.position() + k);
            if (!run.hasRemaining()) {
                next++;
            }
        }
        while (next < pages.length) { // the rest straight from the socket
            long got = channel instanceof ScatteringByteChannel scatter
                    ? scatter.read(pages, next, pages.length - next) : channel.read(pages[next]);
            if (got < 0) {
                throw new EOFException("the connection from " + peer + " was closed in the middle of record #" + records);
            }
            while (next < pages.length && !pages[next].hasRemaining()) {
                next++;
            }
        }
        int expected = readInt();
        checkBatchIndex(code, length, covered, expected);
        if (crcs.length < n) {
            crcs = new int[n];
        }
        for (int i = 0; i < n; i++) {
            crcs[i] = Pages.crc(sink.placement(index.getLong(4 + i * 8), 1));
            if (crcs[i] != index.getInt(4 + n * 8 + i * 4)) {
                throw pageFailsItsCrc(index, i);
            }
        }
        for (int i = 0; i < n; i++) {
            sink.placed(index.getLong(4 + i * 8), crcs[i]);
        }
        return index;
    }

    /** A PAGE_BATCH's record checksum, over its header and its index (count, pfns, CRCs) in {@link #buffer}. */
    private void checkBatchIndex(int code, int length, int covered, int expected) throws StreamCorruptedException {
        StreamWriter.putInt(head, 0, code);
        StreamWriter.putInt(head, 4, length);
        crc.reset();
        crc.update(head, 0, 8);
        crc.update(buffer, 0, covered);
        if ((int) crc.getValue() != expected) {
            throw new StreamCorruptedException("record #" + records + " (PAGE_BATCH, " + length + " bytes) from " + peer
                    + " fails its CRC32C checksum");
        }
    }

    /** Tells the sink which runs of consecutive pages a batch brings, before they land. */
    private static void announceRuns(Record index, int n, PageSink sink) throws IOException {
        long runStart = 0;
        long runLength = 0;
        for (int i = 0; i < n; i++) {
            long pfn = index.getLong(4 + i * 8);
            if (runLength > 0 && pfn == runStart + runLength) {
                runLength++;
                continue;
            }
            if (runLength > 0) {
                sink.arriving(runStart, runLength);
            }
            runStart = pfn;
            runLength = 1;
        }
        if (runLength > 0) {
            sink.arriving(runStart, runLength);
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

    /** Makes {@code n} bytes available (growing the buffer if it is smaller), or throws EOFException. */
    private void ensure(int n) throws IOException {
        if (n > in.capacity()) {
            ByteBuffer larger = ByteBuffer.allocateDirect(Integer.highestOneBit(n - 1) << 1);
            larger.put(in).flip();
            in = larger;
            received = MemorySegment.ofBuffer(in.duplicate().clear());
        }
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
