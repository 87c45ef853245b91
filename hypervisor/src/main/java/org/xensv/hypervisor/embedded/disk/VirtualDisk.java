package org.xensv.hypervisor.embedded.disk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.xensv.hypervisor.api.DiskConfig;
import org.xensv.hypervisor.memory.DirtyLog;
import org.xensv.hypervisor.memory.DirtyPages;
import org.xensv.hypervisor.embedded.net.TokenBucket;

/**
 * A virtual disk backed by a (sparse) image file, with optional IOPS and bandwidth limits as token
 * buckets refilled every 10 ms. A request without credit is not done: {@link #availableAt} says when
 * it can be, and the guest waits. The limits can change while the guest runs ({@link #setLimits}).
 */
public final class VirtualDisk implements AutoCloseable {

    public static final int SECTOR = 512;
    /** The unit a migration copies the image in (= MigratingDisk.BLOCK_SIZE of the engine). */
    public static final int MIGRATION_BLOCK = 64 * 1024;
    private static final long LIMIT_INTERVAL_NANOS = 10_000_000;

    private final Path image;
    private final long sizeBytes;
    private final FileChannel channel;
    /** Replaced, under the disk's lock, when the limits change live; null = unlimited. */
    private volatile TokenBucket iops;
    private volatile TokenBucket bandwidth;
    private final AtomicLong readBytes = new AtomicLong();
    private final AtomicLong writeBytes = new AtomicLong();
    private final AtomicLong ops = new AtomicLong();
    private final DirtyLog dirty;
    private final boolean readOnly;
    private volatile long iopsLimit;
    private volatile long bytesPerSecondLimit;

    public VirtualDisk(Path image, DiskConfig config) {
        this.image = image;
        this.sizeBytes = config.sizeMiB() << 20;
        this.dirty = new DirtyLog((sizeBytes + MIGRATION_BLOCK - 1) / MIGRATION_BLOCK);
        this.readOnly = config.readOnly();
        try {
            Files.createDirectories(image.toAbsolutePath().getParent());
            // opened for writing even when read-only: an incoming migration fills the copy block by block
            this.channel = FileChannel.open(image, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (!readOnly && channel.size() < sizeBytes) {
                channel.write(ByteBuffer.wrap(new byte[1]), sizeBytes - 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open disk image " + image, e);
        }
        setLimits(config.iopsLimit(), config.bytesPerSecondLimit());
    }

    /** New IOPS and bandwidth limits (0 = unlimited), enforced from the next request on; each bucket starts full. */
    public synchronized void setLimits(long iopsLimit, long bytesPerSecondLimit) {
        if (iopsLimit < 0 || bytesPerSecondLimit < 0) {
            throw new IllegalArgumentException("limits must not be negative (0 = unlimited)");
        }
        long now = System.nanoTime();
        this.iops = iopsLimit == 0 ? null : new TokenBucket(perInterval(iopsLimit), LIMIT_INTERVAL_NANOS, 1, now);
        this.bandwidth = bytesPerSecondLimit == 0 ? null
                : new TokenBucket(perInterval(bytesPerSecondLimit), LIMIT_INTERVAL_NANOS, 1 << 20, now);
        this.iopsLimit = iopsLimit;
        this.bytesPerSecondLimit = bytesPerSecondLimit;
    }

    public long iopsLimit() {
        return iopsLimit;
    }

    public long bytesPerSecondLimit() {
        return bytesPerSecondLimit;
    }

    private static long perInterval(long perSecond) {
        return Math.max(1, perSecond * LIMIT_INTERVAL_NANOS / 1_000_000_000L);
    }

    public Path image() {
        return image;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    /** A CD or an ISO: guest writes are refused. */
    public boolean readOnly() {
        return readOnly;
    }

    /** When a request of {@code bytes} fits the limits ({@code now} if it does now). */
    public long availableAt(int bytes, long now) {
        TokenBucket ioBucket = iops;
        TokenBucket bytesBucket = bandwidth;
        long at = now;
        if (ioBucket != null) {
            at = Math.max(at, ioBucket.availableAt(1, now));
        }
        if (bytesBucket != null) {
            at = Math.max(at, bytesBucket.availableAt(bytes, now));
        }
        return at;
    }

    /** Writes {@code data} at {@code offset}; false (nothing written) when the limits say wait. */
    public boolean write(long offset, byte[] data, long now) {
        if (readOnly) {
            throw new IllegalStateException("write to read-only disk " + image);
        }
        if (!admit(data.length, now)) {
            return false;
        }
        try {
            channel.write(ByteBuffer.wrap(data), checkRange(offset, data.length));
        } catch (IOException e) {
            throw new UncheckedIOException("write to " + image + " failed", e);
        }
        writeBytes.addAndGet(data.length);
        ops.incrementAndGet();
        markDirty(offset, data.length);
        return true;
    }

    // ---- migration: block-level dirty log and raw block I/O -----------------------------------

    /** Blocks of {@value #MIGRATION_BLOCK} bytes written since the log started are marked (after the write). */
    public void startDirtyLog() {
        dirty.enable();
    }

    public void stopDirtyLog() {
        dirty.disable();
    }

    public DirtyPages readAndClearDirty() {
        return dirty.readAndClear();
    }

    /** Reads block {@code block} into {@code dst} at {@code off}, zeros past the end; no limits, no counters. */
    public void readBlock(long block, byte[] dst, int off) {
        java.util.Arrays.fill(dst, off, off + MIGRATION_BLOCK, (byte) 0);
        long position = block * MIGRATION_BLOCK;
        int length = (int) Math.min(MIGRATION_BLOCK, sizeBytes - position);
        ByteBuffer buffer = ByteBuffer.wrap(dst, off, length);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position() - off) < 0) {
                    break; // past the end of a sparse file: zeros
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("read from " + image + " failed", e);
        }
    }

    /** Writes block {@code block} from {@code src} at {@code off} (cut at the end of the image); no limits, no counters. */
    public void writeBlock(long block, byte[] src, int off) {
        long position = block * MIGRATION_BLOCK;
        int length = (int) Math.min(MIGRATION_BLOCK, sizeBytes - position);
        ByteBuffer buffer = ByteBuffer.wrap(src, off, length);
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer, position + buffer.position() - off);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("write to " + image + " failed", e);
        }
    }

    private void markDirty(long offset, int length) {
        if (dirty.isEnabled() && length > 0) {
            for (long b = offset / MIGRATION_BLOCK; b <= (offset + length - 1) / MIGRATION_BLOCK; b++) {
                dirty.mark(b);
            }
        }
    }

    /** Reads into {@code data} from {@code offset}; false (nothing read) when the limits say wait. */
    public boolean read(long offset, byte[] data, long now) {
        if (!admit(data.length, now)) {
            return false;
        }
        try {
            channel.read(ByteBuffer.wrap(data), checkRange(offset, data.length));
        } catch (IOException e) {
            throw new UncheckedIOException("read from " + image + " failed", e);
        }
        readBytes.addAndGet(data.length);
        ops.incrementAndGet();
        return true;
    }

    private synchronized boolean admit(int bytes, long now) {
        if (availableAt(bytes, now) > now) {
            return false;
        }
        TokenBucket ioBucket = iops;
        TokenBucket bytesBucket = bandwidth;
        if (ioBucket != null) {
            ioBucket.tryTake(1, now);
        }
        if (bytesBucket != null) {
            bytesBucket.tryTake(bytes, now);
        }
        return true;
    }

    private long checkRange(long offset, int length) {
        if (offset < 0 || offset % SECTOR != 0 || offset + length > sizeBytes) {
            throw new IllegalArgumentException("I/O at " + offset + "+" + length + " outside disk of " + sizeBytes + " bytes");
        }
        return offset;
    }

    public long readBytes() {
        return readBytes.get();
    }

    public long writeBytes() {
        return writeBytes.get();
    }

    public long ops() {
        return ops.get();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
