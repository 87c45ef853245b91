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

    private final DataOutputStream out;
    private final Bandwidth bandwidth;
    private final AtomicLong bytes = new AtomicLong();
    private final byte[] head = new byte[8];

    StreamWriter(OutputStream out, Bandwidth bandwidth) {
        this.out = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
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
        long wire = 12L + len;
        if (bandwidth != null) {
            bandwidth.acquire(wire);
        }
        synchronized (this) {
            putInt(head, 0, type.code());
            putInt(head, 4, len);
            CRC32C crc = new CRC32C();
            crc.update(head, 0, 8);
            crc.update(payload, off, len);
            out.write(head, 0, 8);
            out.write(payload, off, len);
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
