package org.xensv.agent.shaped;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * Round-trip delay for a link whose kernel has no {@code netem}: a TCP relay that holds every chunk
 * it reads for half the round-trip time before writing it on, in each direction, in order. A new
 * connection's first bytes are held one round trip longer, as a real link makes a TCP connect cost
 * one round trip before the client can send (the relay itself accepts at once). At most
 * {@code window} bytes are held per direction (half the kernel's largest TCP receive window by
 * default): reading stops beyond it, so a sender sees TCP's flow control as over a link that long.
 * The kernel's own ACKs between the sender and the relay are not delayed.
 *
 * <pre>java DelayRelay LISTEN_ADDRESS:PORT TARGET_ADDRESS:PORT ROUND_TRIP_MICROS [WINDOW_BYTES]</pre>
 * prints {@code relay listening} once it accepts, and runs until killed.
 */
public final class DelayRelay {

    private static final int CHUNK = 64 * 1024;
    private static final byte[] END = new byte[0];

    private final InetSocketAddress target;
    private final long oneWayNanos;
    private final long roundTripNanos;
    private final int window;

    DelayRelay(InetSocketAddress target, long roundTripMicros, int window) {
        this.target = target;
        this.roundTripNanos = roundTripMicros * 1000;
        this.oneWayNanos = roundTripNanos / 2;
        this.window = window;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: DelayRelay LISTEN_ADDRESS:PORT TARGET_ADDRESS:PORT ROUND_TRIP_MICROS [WINDOW_BYTES]");
            System.exit(2);
        }
        int window = Math.max(CHUNK, args.length > 3 ? Integer.parseInt(args[3]) : defaultWindow());
        DelayRelay relay = new DelayRelay(address(args[1]), Long.parseLong(args[2]), window);
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address(args[0]), 16);
        System.out.println("relay listening on " + args[0] + " to " + args[1] + ", round trip " + args[2] + " us, window " + window + " bytes");
        System.out.flush();
        while (true) {
            Socket in = server.accept();
            long accepted = System.nanoTime();
            Thread t = new Thread(() -> relay.serve(in, accepted), "relay-" + in.getRemoteSocketAddress());
            t.setDaemon(true);
            t.start();
        }
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            return new InetSocketAddress(InetAddress.getByName(hostPort.substring(0, colon)), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (IOException e) {
            throw new IllegalArgumentException("not an address:port: " + hostPort, e);
        }
    }

    /** Half of the kernel's largest TCP receive window (net.ipv4.tcp_rmem's third value): held one way, it is a whole window in a round trip. */
    static int defaultWindow() {
        try {
            String[] rmem = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/tcp_rmem")).strip().split("\\s+");
            return (int) Math.min(Integer.MAX_VALUE, Long.parseLong(rmem[2]) / 2);
        } catch (IOException | RuntimeException e) {
            return 3 * 1024 * 1024;
        }
    }

    private void serve(Socket in, long accepted) {
        Socket out = new Socket();
        try {
            in.setTcpNoDelay(true);
            out.setTcpNoDelay(true);
            out.connect(target, 10_000);
        } catch (IOException e) {
            close(in);
            close(out);
            return;
        }
        Runnable closeBoth = () -> {
            close(in);
            close(out);
        };
        java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger(2);
        Runnable ended = () -> {
            if (open.decrementAndGet() == 0) {
                closeBoth.run();
            }
        };
        Direction forward = new Direction(in, out, accepted + roundTripNanos, closeBoth, ended);
        Direction backward = new Direction(out, in, 0, closeBoth, ended);
        forward.start("forward");
        backward.start("backward");
    }

    /** One direction: a reader that stamps each chunk with when it may leave, a writer that waits for that time. */
    private final class Direction {

        private final Socket from;
        private final Socket to;
        private final long notBefore;
        private final Runnable closeBoth;
        private final Runnable ended;
        private final LinkedBlockingQueue<Chunk> held = new LinkedBlockingQueue<>();
        private final Semaphore room = new Semaphore(window);

        Direction(Socket from, Socket to, long notBefore, Runnable closeBoth, Runnable ended) {
            this.from = from;
            this.to = to;
            this.notBefore = notBefore;
            this.closeBoth = closeBoth;
            this.ended = ended;
        }

        void start(String name) {
            Thread reader = new Thread(this::read, "relay-read-" + name);
            Thread writer = new Thread(this::write, "relay-write-" + name);
            reader.setDaemon(true);
            writer.setDaemon(true);
            reader.start();
            writer.start();
        }

        private void read() {
            byte[] buffer = new byte[CHUNK];
            try {
                InputStream input = from.getInputStream();
                int n;
                while ((n = input.read(buffer)) >= 0) {
                    room.acquire(n);
                    held.put(new Chunk(Math.max(System.nanoTime() + oneWayNanos, notBefore + oneWayNanos), Arrays.copyOf(buffer, n)));
                }
                held.put(new Chunk(System.nanoTime() + oneWayNanos, END));
            } catch (IOException e) {
                held.add(new Chunk(System.nanoTime(), null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void write() {
            try {
                OutputStream output = to.getOutputStream();
                while (true) {
                    Chunk chunk = held.take();
                    long wait;
                    while ((wait = chunk.due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (chunk.bytes == null) {
                        closeBoth.run();
                        return;
                    }
                    if (chunk.bytes.length == 0) {
                        to.shutdownOutput();
                        ended.run();
                        return;
                    }
                    output.write(chunk.bytes);
                    output.flush();
                    room.release(chunk.bytes.length);
                }
            } catch (IOException e) {
                closeBoth.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Chunk(long due, byte[] bytes) {
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
