package org.xensv.hypervisor.migration;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/** Writes checksummed records; thread-safe; optionally paced by a {@link Bandwidth}. */
final class StreamWriter {

    /** Records larger than this bypass the buffer and go to the socket in one write. */
    static final int BUFFER = 1 << 16;

    private final DataOutputStream out;
    private final Bandwidth bandwidth;
    private final AtomicLong bytes = new AtomicLong();
    private final byte[] head = new byte[8];
    private final CRC32C crc = new CRC32C();

    StreamWriter(OutputStream out, Bandwidth bandwidth) {
        this.out = new DataOutputStream(new BufferedOutputStream(out, BUFFER));
        this.bandwidth = bandwidth;
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
     * Writes one record whose payload is two segments back to back ({@code a} then {@code b}), so a
     * page batch goes out without first being packed into one array. The record's CRC32C covers the
     * header and both segments, except for a PAGE_BATCH, whose pages ({@code b}) each carry their own
     * CRC32C in {@code a} (see {@link RecordType#PAGE_BATCH}).
     */
    void write(RecordType type, byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen, boolean flush) throws IOException {
        int len = aLen + bLen;
        long wire = 12L + len;
        if (bandwidth != null) {
            bandwidth.acquire(wire);
        }
        synchronized (this) {
            putInt(head, 0, type.code());
            putInt(head, 4, len);
            crc.reset();
            crc.update(head, 0, 8);
            crc.update(a, aOff, aLen);
            if (bLen > 0 && type != RecordType.PAGE_BATCH) {
                crc.update(b, bOff, bLen);
            }
            out.write(head, 0, 8);
            out.write(a, aOff, aLen);
            if (bLen > 0) {
                out.write(b, bOff, bLen);
            }
            out.writeInt((int) crc.getValue());
            if (flush) {
                out.flush();
            }
            bytes.addAndGet(wire);
        }
    }

    synchronized void flush() throws IOException {
        out.flush();
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
