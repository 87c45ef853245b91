package org.xensv.hypervisor.bench;

import java.io.EOFException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Random;
import org.xensv.hypervisor.memory.GuestMemory;
import org.xensv.hypervisor.memory.KeptRam;
import org.xensv.hypervisor.memory.Pages;

/**
 * What loopback TCP carries on this machine: the "bandwidth" of an unlimited migration, measured two
 * ways, each as the best of several runs of 512 MiB (noise on a shared machine only ever slows a run
 * down; the limit is what the link can do).
 *
 * <ul>
 *   <li>{@link #hotBuffer}: one 2 MiB native buffer sent again and again and read into another: the
 *       kernel's own copy rate, with both buffers in cache.</li>
 *   <li>{@link #memoryToMemory}: 512 MiB held as 4 KiB pages (as a guest's memory is) sent through a
 *       native buffer and received into another 512 MiB of pages: the plainest transfer of the guest's
 *       memory over this link, with nothing of a migration in it (no record, checksum, dirty log or
 *       guest). Each byte is read from memory on one side and written to memory on the other, which no
 *       transfer of memory can skip, and which the hot-buffer run never pays.</li>
 *   <li>{@link #memoryToMemoryBesideABusyCpu}: the same with a thread spinning beside it, as a busy
 *       guest's vCPU spins on one of this machine's CPUs during a migration (not the limit: what the
 *       plainest transfer gets of the CPUs such a guest leaves it).</li>
 *   <li>{@link #memoryToFreshGuestMemory} and {@link #memoryToKeptGuestMemory}: the same read straight
 *       into a new guest's memory, each batch's pages in place, as a destination reads them before its
 *       guest runs: once new from the kernel (backed as it arrives), once taken from the
 *       {@link KeptRam kept pool} (resident already).</li>
 * </ul>
 */
final class LoopbackLimit {

    static final int PAGE = 4096;
    static final int PAGES = 131_072; // 512 MiB
    static final long TOTAL = (long) PAGES * PAGE;

    double hotBuffer;
    double memoryToMemory;
    double memoryToMemoryBesideABusyCpu;
    double memoryToFreshGuestMemory;
    double memoryToKeptGuestMemory;
    /** Of the fresh guest memory the last transfer filled, how much the kernel backed with huge pages (AnonHugePages grew by). */
    long freshHugePageBytes = -1;
    private byte[][] source;
    private byte[][] destination;

    /** Runs both measures {@code runs} times (after one of each to warm up); keeps the best seen so far. */
    void measure(int runs) throws Exception {
        org.xensv.hypervisor.embedded.EmbeddedMemoryBudget.process(); // it configures the kept pool, as in the runtime
        if (source == null) {
            Random random = new Random(4);
            source = new byte[PAGES][PAGE];
            destination = new byte[PAGES][PAGE];
            for (byte[] page : source) {
                random.nextBytes(page);
            }
            hot();
            memoryToMemory();
        }
        for (int i = 0; i < runs; i++) {
            hotBuffer = Math.max(hotBuffer, hot());
            memoryToMemory = Math.max(memoryToMemory, memoryToMemory());
            memoryToMemoryBesideABusyCpu = Math.max(memoryToMemoryBesideABusyCpu, besideABusyCpu());
            memoryToFreshGuestMemory = Math.max(memoryToFreshGuestMemory, intoFreshGuestMemory());
            memoryToKeptGuestMemory = Math.max(memoryToKeptGuestMemory, intoKeptGuestMemory());
        }
    }

    /** Lets the 1 GiB of pages go (the benchmark's guests want the heap). */
    void release() {
        source = null;
        destination = null;
    }

    private double besideABusyCpu() throws Exception {
        var spinning = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread spinner = new Thread(() -> {
            long x = 0;
            while (spinning.get()) {
                x += System.nanoTime() & 1;
            }
            if (x == 42) {
                System.out.print("");
            }
        }, "loopback-busy-cpu");
        spinner.setDaemon(true);
        spinner.start();
        try {
            return memoryToMemory();
        } finally {
            spinning.set(false);
            spinner.join();
        }
    }

    private static double hot() throws Exception {
        int size = 2 << 20;
        return transfer(out -> {
            ByteBuffer b = ByteBuffer.allocateDirect(size);
            for (long sent = 0; sent < TOTAL; sent += size) {
                b.clear();
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
        }, in -> {
            ByteBuffer b = ByteBuffer.allocateDirect(size);
            long got = 0;
            while (got < TOTAL) {
                b.clear();
                int n = in.read(b);
                if (n < 0) {
                    throw new EOFException();
                }
                got += n;
            }
        });
    }

    private double memoryToMemory() throws Exception {
        int batch = 128; // pages per write, as a migration's page batch
        return transfer(out -> {
            ByteBuffer b = ByteBuffer.allocateDirect(batch * PAGE);
            for (int p = 0; p < PAGES; ) {
                b.clear();
                for (int i = 0; i < batch; i++) {
                    b.put(source[p++]);
                }
                b.flip();
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
        }, in -> {
            ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
            b.limit(0);
            for (int p = 0; p < PAGES; p++) {
                while (b.remaining() < PAGE) {
                    b.compact();
                    int n = in.read(b);
                    b.flip();
                    if (n < 0) {
                        throw new EOFException();
                    }
                }
                b.get(destination[p]);
            }
        });
    }

    /**
     * The memory-to-memory transfer received into a new guest's memory, as a migration's destination
     * receives: native memory the kernel must back page by page as it arrives (each batch's pages
     * backed in one call, then read from the socket straight into them), given back after the run. Not the table's limit: what
     * moving a guest into memory the destination does not have yet costs on this machine. The kept
     * pool is emptied for it (so the next migration, too, starts on new memory).
     */
    private double intoFreshGuestMemory() throws Exception {
        long keep = KeptRam.keepBytes();
        KeptRam.configure(0, KeptRam.limitBytes());
        try {
            long before = anonHugePages();
            return intoGuestMemory(new GuestMemory(PAGES), () -> freshHugePageBytes = before < 0 ? -1 : Math.max(0, anonHugePages() - before));
        } finally {
            KeptRam.configure(keep, KeptRam.limitBytes());
        }
    }

    /**
     * The same into a guest's memory taken from the {@link KeptRam kept pool}, as a destination
     * receives on a host that ran guests before: resident already, nothing for the kernel to do.
     * Where the pool cannot keep 512 MiB (its cap), this is the fresh transfer again.
     */
    private double intoKeptGuestMemory() throws Exception {
        GuestMemory before = new GuestMemory(PAGES);
        for (int p = 0; p < PAGES; p++) {
            before.writePage(p, source[p]);
        }
        before.release();
        return intoGuestMemory(new GuestMemory(PAGES), () -> { });
    }

    /** The process's anonymous memory in huge pages ({@code /proc/self/smaps_rollup}), or -1 where it cannot be read. */
    static long anonHugePages() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/smaps_rollup"))) {
                if (line.startsWith("AnonHugePages:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private double intoGuestMemory(GuestMemory memory, Runnable filled) throws Exception {
        int batch = 128;
        try {
            return transfer(out -> {
                ByteBuffer b = ByteBuffer.allocateDirect(batch * PAGE);
                for (int p = 0; p < PAGES; ) {
                    b.clear();
                    for (int i = 0; i < batch; i++) {
                        b.put(source[p++]);
                    }
                    b.flip();
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                }
            }, in -> {
                for (int p = 0; p < PAGES; p += batch) { // straight into the guest's memory, as a destination reads a batch
                    memory.prepareWrite(p, batch);
                    ByteBuffer place = memory.placement(p, batch).asByteBuffer();
                    while (place.hasRemaining()) {
                        if (in.read(place) < 0) {
                            throw new EOFException();
                        }
                    }
                    for (int i = 0; i < batch; i++) {
                        memory.placed(p + i, ~Pages.ZERO_PAGE_CRC); // present (the transfer's own checksums are not this measure's)
                    }
                }
            });
        } finally {
            filled.run();
            memory.release();
        }
    }

    @FunctionalInterface
    private interface End {
        void run(SocketChannel channel) throws Exception;
    }

    /** Bytes per second from the first write to the last byte read. */
    private static double transfer(End sender, End receiver) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Exception[] failed = new Exception[1];
            Thread sink = new Thread(() -> {
                try (SocketChannel in = server.accept()) {
                    receiver.run(in);
                } catch (Exception e) {
                    failed[0] = e;
                }
            }, "loopback-sink");
            sink.start();
            try (SocketChannel out = SocketChannel.open(server.getLocalAddress())) {
                out.socket().setTcpNoDelay(true);
                long t0 = System.nanoTime();
                sender.run(out);
                sink.join();
                long nanos = System.nanoTime() - t0;
                if (failed[0] != null) {
                    throw failed[0];
                }
                return TOTAL / (nanos / 1e9);
            }
        }
    }
}
