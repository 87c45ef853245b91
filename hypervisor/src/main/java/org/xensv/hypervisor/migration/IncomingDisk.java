package org.xensv.hypervisor.migration;

/** The destination's image of a {@link MigratingDisk}, written block by block before the guest runs. */
public interface IncomingDisk {

    long sizeBytes();

    /** Writes one block ({@link MigratingDisk#BLOCK_SIZE} bytes, cut at the end of the image). */
    void writeBlock(long block, byte[] src, int off);
}
