package org.xensv.hypervisor.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy between a source and a destination endpoint that a test can cut (every connection
 * dropped, new ones refused), heal, cut after so many bytes, or make flip one byte of the stream.
 */
final class LinkProxy implements AutoCloseable {

    private final ServerSocket server;
    private final MigrationEndpoint target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong forwarded = new AtomicLong();
    private volatile boolean down;
    private volatile long cutAfter = Long.MAX_VALUE;
    private volatile long corruptAt = -1;

    LinkProxy(MigrationEndpoint target) throws IOException {
        this.target = target;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(this::accept, "link-proxy");
        t.setDaemon(true);
        t.start();
    }

    MigrationEndpoint endpoint() {
        return new MigrationEndpoint("127.0.0.1", server.getLocalPort());
    }

    void cut() {
        down = true;
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // cutting
            }
        }
    }

    void heal() {
        down = false;
    }

    void cutAfterBytes(long bytes) {
        cutAfter = bytes;
    }

    void corruptByteAt(long offset) {
        corruptAt = offset;
    }

    long forwarded() {
        return forwarded.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                if (down) {
                    in.close();
                    continue;
                }
                Socket out = new Socket(target.host(), target.port());
                sockets.add(in);
                sockets.add(out);
                pump(in, out, true);
                pump(out, in, false);
            } catch (IOException e) {
                // closed or refused: next
            }
        }
    }

    private void pump(Socket from, Socket to, boolean forward) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (forward) {
                        long start = forwarded.getAndAdd(n);
                        long c = corruptAt;
                        if (c >= start && c < start + n) {
                            buffer[(int) (c - start)] ^= 0x5A;
                            corruptAt = -1;
                        }
                        if (start + n > cutAfter) {
                            cutAfter = Long.MAX_VALUE;
                            cut();
                            return;
                        }
                    }
                    out.write(buffer, 0, n);
                }
                to.shutdownOutput(); // forward the half-close, as TCP would end to end
            } catch (IOException e) {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }, "link-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}
