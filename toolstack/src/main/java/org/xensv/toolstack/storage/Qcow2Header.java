package org.xensv.toolstack.storage;

import java.nio.ByteBuffer;

import org.xensv.hypervisor.api.InvalidValueException;

/**
 * The checks a qcow2 file must pass before it is converted (see QEMU's docs/interop/qcow2.txt):
 * magic {@code QFI\xfb}, version 2 or 3, cluster bits 9..21, a virtual size of 1 byte to 16 TiB,
 * no encryption, and no backing file: an image that names a backing file is refused, since the
 * path it names is on the machine it was made on and following it would read files of this one.
 */
record Qcow2Header(int version, long virtualSize, int clusterBits) {

    static final int MAGIC = 0x514649fb;
    static final int LENGTH = 72;
    private static final long MAX_SIZE = 16L << 40;

    static boolean hasMagic(byte[] head, int length) {
        return length >= 4 && ByteBuffer.wrap(head).getInt(0) == MAGIC;
    }

    /** Reads and checks the header at the start of {@code head}; {@code field} names the input in errors. */
    static Qcow2Header parse(byte[] head, int length, String field) {
        if (!hasMagic(head, length)) {
            throw new InvalidValueException(field, "(file)", "is not a qcow2 image: it does not start with the qcow2 magic QFI\\xfb");
        }
        if (length < LENGTH) {
            throw new InvalidValueException(field, length + " bytes", "is not a qcow2 image: its header is cut short");
        }
        ByteBuffer b = ByteBuffer.wrap(head);
        int version = b.getInt(4);
        if (version != 2 && version != 3) {
            throw new InvalidValueException(field, "version " + version, "is a qcow2 version this console does not read (2 or 3)");
        }
        long backingOffset = b.getLong(8);
        int backingLength = b.getInt(16);
        if (backingOffset != 0 || backingLength != 0) {
            throw new InvalidValueException(field, "backing file", "names a backing file; backing files are refused: "
                    + "flatten it first (qemu-img convert -O qcow2 in.qcow2 out.qcow2)");
        }
        int clusterBits = b.getInt(20);
        if (clusterBits < 9 || clusterBits > 21) {
            throw new InvalidValueException(field, "cluster bits " + clusterBits, "is not a valid qcow2 header: cluster bits must be 9 to 21");
        }
        long size = b.getLong(24);
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidValueException(field, "virtual size " + size, "must have a virtual size of 1 byte to 16 TiB");
        }
        int crypt = b.getInt(32);
        if (crypt != 0) {
            throw new InvalidValueException(field, "encrypted", "is an encrypted qcow2 image; decrypt it first");
        }
        return new Qcow2Header(version, size, clusterBits);
    }
}
