package org.xensv.toolstack.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** qcow2 files for tests: real ones made by qemu-img, and headers written byte by byte per QEMU's qcow2 spec. */
final class Qcow2Files {

    private Qcow2Files() {
    }

    static boolean haveQemuImg() {
        return ImageFiles.qemuImg() != null;
    }

    /** Converts a raw file to qcow2 with qemu-img (optionally with a backing file). */
    static Path qemuImg(Path dir, String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<String>();
        command.add(ImageFiles.qemuImg().toString());
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("qemu-img failed: " + out);
        }
        return dir;
    }

    /** A 512-byte qcow2 header: magic, version, backing file offset and length, cluster bits 16, virtual size. */
    static byte[] header(int version, long backingOffset, int backingLength, long virtualSize) {
        ByteBuffer b = ByteBuffer.allocate(512);
        b.putInt(0, Qcow2Header.MAGIC);
        b.putInt(4, version);
        b.putLong(8, backingOffset);
        b.putInt(16, backingLength);
        b.putInt(20, 16);
        b.putLong(24, virtualSize);
        b.putInt(32, 0);
        return b.array();
    }

    static byte[] read(Path file) throws IOException {
        return Files.readAllBytes(file);
    }
}
