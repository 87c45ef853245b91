package org.xensv.hypervisor.libvirt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An initial ramdisk in the kernel's cpio "newc" format (Documentation/driver-api/early-userspace/
 * buffer-format.rst): per entry a 110-byte ASCII header of thirteen 8-digit hex fields, the name with
 * its NUL, padded to 4 bytes, then the data, padded to 4 bytes; a {@code TRAILER!!!} entry ends it.
 * Uncompressed, which the kernel takes as it is.
 */
final class Initramfs {

    private static final int DIRECTORY = 0040000;
    private static final int REGULAR = 0100000;
    private static final int SYMLINK = 0120000;
    private static final int CHAR_DEVICE = 0020000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int inode = 1;

    Initramfs directory(String name) {
        return entry(name, DIRECTORY | 0755, 2, new byte[0], 0, 0);
    }

    Initramfs file(String name, int permissions, byte[] data) {
        return entry(name, REGULAR | permissions, 1, data, 0, 0);
    }

    Initramfs symlink(String name, String target) {
        return entry(name, SYMLINK | 0777, 1, target.getBytes(StandardCharsets.UTF_8), 0, 0);
    }

    Initramfs charDevice(String name, int permissions, int major, int minor) {
        return entry(name, CHAR_DEVICE | permissions, 1, new byte[0], major, minor);
    }

    /** The archive with its trailer, written to {@code file}. */
    void writeTo(Path file) throws IOException {
        entry("TRAILER!!!", 0, 1, new byte[0], 0, 0);
        Files.write(file, out.toByteArray());
    }

    private Initramfs entry(String name, int mode, int links, byte[] data, int rdevMajor, int rdevMinor) {
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
        int[] fields = {name.equals("TRAILER!!!") ? 0 : inode++, mode, 0, 0, links, 0, data.length, 0, 0, rdevMajor, rdevMinor,
                nameBytes.length, 0};
        StringBuilder header = new StringBuilder("070701");
        for (int field : fields) {
            header.append(String.format("%08x", field));
        }
        out.writeBytes(header.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(nameBytes);
        pad();
        out.writeBytes(data);
        pad();
        return this;
    }

    private void pad() {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
    }
}
