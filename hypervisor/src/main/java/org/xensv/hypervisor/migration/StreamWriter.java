package org.xensv.hypervisor.migration;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * Writes checksummed records; thread-safe; optionally paced by a {@link Bandwidth}.
 *
 * <p>Small records gather in a direct buffer; a page batch's pages go from the sender's direct
 * buffer to the socket in one gathering write. On a socket channel nothing is copied on the way
 * out but the kernel's own copy (a heap array would first be copied into a native buffer).
 */
final class StreamWriter {

    /** The staging buffer for headers, small payloads and record CRCs. */
    static final int BUFFER = 1 << 16;

    private final WritableByteChannel channel;
    private final Bandwidth bandwidth;
    private final AtomicLong bytes = new AtomicLong();
    private final ByteBuffer staging = ByteBuffer.allocateDirect(BUFFER);
    private final ByteBuffer[] gather = new ByteBuffer[2];
    private final byte[] head = new byte[8];
    private final CRC32C crc = new CRC32C();

    StreamWriter(WritableByteChannel channel, Bandwidth bandwidth) {
        this.channel = channel;
        this.bandwidth = bandwidth;
    }

    StreamWriter(OutputStream out, Bandwidth bandwidth) {
        this(Channels.newChannel(out), bandwidth);
    }

    /** A writer on {@code socket}: straight to its channel when it has one (a socket opened from a channel). */
    static StreamWriter on(Socket socket, Bandwidth bandwidth) throws IOException {
        return socket.getChannel() != null ? new StreamWriter(socket.getChannel(), bandwidth) : new StreamWriter(socket.getOutputStream(), bandwidth);
    }

    long bytesWritten() {
        return bytes.get();
    }

    void write(RecordType type, byte[] payload) throws IOException {
        write(type, payload, 0, payload.length, true);
    }

    /** Writes one record; {@code flush} pushes it to the socket now (control records). */
    void write(RecordType type, byte[] payload, int off, int len, boolean flush) throws IOException {
        write(type, payload, off, len, null, 0, 0, flush);
    }

    /**
     * Writes one record whose payload is two segments back to back ({@code a} then {@code b}); its
     * CRC32C covers the header and both segments.
     */
    void write(RecordType type, byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen, boolean flush) throws IOException {
        if (type == RecordType.PAGE_BATCH) {
            throw new IllegalArgumentException("page batches go through writePages");
        }
        long wire = 12L + aLen + bLen;
        pace(wire);
        synchronized (this) {
            startRecord(type, aLen + bLen);
            crc.update(a, aOff, aLen);
            put(a, aOff, aLen);
            if (bLen > 0) {
                crc.update(b, bOff, bLen);
                put(b, bOff, bLen);
            }
            endRecord(flush);
            bytes.addAndGet(wire);
        }
    }

    /**
     * Writes one PAGE_BATCH: {@code index} (count, pfns, the pages' CRC32Cs; what the record CRC
     * covers) then the pages, from {@code pages}' position to its limit, which it consumes.
     */
    void writePages(byte[] index, int indexLen, ByteBuffer pages, boolean flush) throws IOException {
        long wire = 12L + indexLen + pages.remaining();
        pace(wire);
        synchronized (this) {
            startRecord(RecordType.PAGE_BATCH, indexLen + pages.remaining());
            crc.update(index, 0, indexLen);
            put(index, 0, indexLen);
            staging.flip();
            gather[0] = staging;
            gather[1] = pages;
            if (channel instanceof GatheringByteChannel g) {
                while (pages.hasRemaining()) {
                    g.write(gather);
                }
            } else {
                drainStaging();
                while (pages.hasRemaining()) {
                    channel.write(pages);
                }
            }
            gather[1] = null;
            staging.clear();
            endRecord(flush);
            bytes.addAndGet(wire);
        }
    }

    synchronized void flush() throws IOException {
        staging.flip();
        drainStaging();
        staging.clear();
    }

    private void pace(long wire) {
        if (bandwidth != null) {
            bandwidth.acquire(wire);
        }
    }

    private void startRecord(RecordType type, int length) throws IOException {
        putInt(head, 0, type.code());
        putInt(head, 4, length);
        crc.reset();
        crc.update(head, 0, 8);
        put(head, 0, 8);
    }

    private void endRecord(boolean flush) throws IOException {
        if (staging.remaining() < 4) {
            flush();
        }
        staging.putInt((int) crc.getValue());
        if (flush) {
            flush();
        }
    }

    /** Appends to the staging buffer, writing it out when full; large segments go out directly. */
    private void put(byte[] src, int off, int len) throws IOException {
        if (len > staging.remaining()) {
            flush();
            if (len > staging.capacity()) {
                ByteBuffer whole = ByteBuffer.wrap(src, off, len);
                while (whole.hasRemaining()) {
                    channel.write(whole);
                }
                return;
            }
        }
        staging.put(src, off, len);
    }

    /** Writes the (flipped) staging buffer out whole. */
    private void drainStaging() throws IOException {
        while (staging.hasRemaining()) {
            channel.write(staging);
        }
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) (v >>> 32));
        putInt(b, off + 4, (int) v);
    }

    /** Builds a small payload with a DataOutputStream. */
    static byte[] payload(IoConsumer<DataOutputStream> body) {
        var buffer = new ByteArrayOutputStream();
        try (var data = new DataOutputStream(buffer)) {
            body.accept(data);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    @FunctionalInterface
    interface IoConsumer<T> {
        void accept(T t) throws IOException;
    }
}
