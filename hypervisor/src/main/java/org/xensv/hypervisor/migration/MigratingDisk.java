package org.xensv.hypervisor.migration;

import org.xensv.hypervisor.memory.DirtyPages;

/**
 * A disk image that travels with the VM (host-local storage: the destination cannot open it), as
 * the engine sees it on the source. Copied in blocks like memory in pages: all written blocks first
 * while the guest runs, then the blocks it wrote meanwhile, the last ones while it is paused (as
 * QEMU's block migration and Xen's storage motion do). Images on shared storage do not travel.
 */
public interface MigratingDisk {

    int BLOCK_SIZE = 64 * 1024;

    /** For messages: the disk's place in the VM ("disk0"). */
    String name();

    long sizeBytes();

    default long blocks() {
        return (sizeBytes() + BLOCK_SIZE - 1) / BLOCK_SIZE;
    }

    /** From now on every guest write marks the blocks it touched, after the write completed. */
    void startDirtyLog();

    void stopDirtyLog();

    /** The blocks written since the last call (or since the log started), clearing them. */
    DirtyPages readAndClearDirty();

    /** Reads block {@code block} into {@code dst} at {@code off} (zeros past the end of the image), bypassing I/O limits. */
    void readBlock(long block, byte[] dst, int off);
}
