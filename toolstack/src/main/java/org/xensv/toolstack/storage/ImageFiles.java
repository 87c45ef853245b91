package org.xensv.toolstack.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InvalidValueException;

/**
 * The image files themselves: sparse blank disks, sparse copies, growing, streaming an upload into
 * a repository within a limit, and turning an upload into a raw or ISO image after checking it is
 * what it claims to be. Every method leaves no file behind when it fails.
 */
final class ImageFiles {

    static final long MIB = 1L << 20;
    private static final int BLOCK = 64 * 1024;
    private static final long ISO_MAGIC_OFFSET = 16 * 2048 + 1;

    private ImageFiles() {
    }

    /** A sparse raw file of {@code bytes}: nothing is written, so it costs no space until the guest writes. */
    static void createSparse(Path file, long bytes) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            if (bytes > 0) {
                ch.write(ByteBuffer.wrap(new byte[1]), bytes - 1);
            }
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    /** Grows a raw file to {@code bytes} (a sparse tail). */
    static void grow(Path file, long bytes) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (ch.size() < bytes) {
                ch.write(ByteBuffer.wrap(new byte[1]), bytes - 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resize " + file, e);
        }
    }

    /** Copies {@code from} to a new file {@code to}, skipping all-zero blocks so the copy stays sparse. */
    static void copySparse(Path from, Path to) {
        byte[] block = new byte[BLOCK];
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
            long size = in.size();
            for (long pos = 0; pos < size; pos += BLOCK) {
                ByteBuffer buffer = ByteBuffer.wrap(block, 0, (int) Math.min(BLOCK, size - pos));
                while (buffer.hasRemaining() && in.read(buffer, pos + buffer.position()) >= 0) {
                    // fill the block
                }
                if (!allZero(block, buffer.position())) {
                    out.write(ByteBuffer.wrap(block, 0, buffer.position()), pos);
                }
            }
            if (size > 0 && out.size() < size) {
                out.write(ByteBuffer.wrap(new byte[1]), size - 1);
            }
        } catch (IOException e) {
            deleteQuietly(to);
            throw new UncheckedIOException("cannot copy " + from, e);
        }
    }

    private static boolean allZero(byte[] b, int length) {
        for (int i = 0; i < length; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Streams {@code in} into {@code temp} (a new file), refusing as soon as more than {@code limit}
     * bytes arrive; {@code why} says what the limit is. The file is removed on any failure.
     */
    static long receive(InputStream in, Path temp, long limit, String why) {
        long total = 0;
        byte[] buffer = new byte[BLOCK];
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > limit) {
                    throw new InvalidValueException("file", "more than " + (limit / MIB) + " MiB", why);
                }
                if (allZero(buffer, n)) {
                    out.position(out.position() + n); // keep zero runs sparse
                } else {
                    out.write(ByteBuffer.wrap(buffer, 0, n));
                }
            }
            if (out.size() < total) {
                out.write(ByteBuffer.wrap(new byte[1]), total - 1);
            }
            return total;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new InvalidValueException("file", "(upload)", "could not be received: " + e.getMessage());
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    static byte[] head(Path file, int length) {
        byte[] head = new byte[length];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.wrap(head);
            while (buffer.hasRemaining() && ch.read(buffer) >= 0) {
                // read the head
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return head;
    }

    /** True if the file has an ISO 9660 primary volume signature ("CD001" at byte 32769). */
    static boolean isIso(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() < ISO_MAGIC_OFFSET + 5) {
                return false;
            }
            ByteBuffer b = ByteBuffer.allocate(5);
            ch.read(b, ISO_MAGIC_OFFSET);
            return new String(b.array(), java.nio.charset.StandardCharsets.US_ASCII).equals("CD001");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The qemu-img program if this machine has it (Debian package qemu-utils), else null. */
    static Path qemuImg() {
        for (String dir : List.of("/usr/bin", "/usr/local/bin")) {
            Path p = Path.of(dir, "qemu-img");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Converts a checked qcow2 file to a sparse raw one with qemu-img; the output is removed on failure. */
    static void qcow2ToRaw(Path qcow2, Path raw) {
        Path qemuImg = qemuImg();
        if (qemuImg == null) {
            throw new InvalidValueException("format", "QCOW2", "needs qemu-img to convert (install Debian's qemu-utils), or upload a raw image");
        }
        try {
            Process p = new ProcessBuilder(qemuImg.toString(), "convert", "-q", "-f", "qcow2", "-O", "raw",
                    qcow2.toString(), raw.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(1, TimeUnit.HOURS) || p.exitValue() != 0) {
                p.destroyForcibly();
                deleteQuietly(raw);
                throw new InvalidValueException("file", "(qcow2)", "could not be converted: " + (output.isEmpty() ? "qemu-img failed" : output));
            }
        } catch (IOException e) {
            deleteQuietly(raw);
            throw new HypervisorException("IMAGE_CONVERSION_FAILED", java.util.Map.of("reason", String.valueOf(e.getMessage())),
                    "qemu-img could not be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteQuietly(raw);
            throw new IllegalStateException("interrupted while converting", e);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // nothing more can be done; the caller's error says what went wrong
        }
    }
}
