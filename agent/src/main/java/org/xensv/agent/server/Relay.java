package org.xensv.agent.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Carries bytes both ways between two connected sockets (one of them TLS) until both directions
 * end, as stunnel does: an end-of-stream on one side becomes a half-close on the other, so the
 * migration stream's own goodbye (an ERROR record, then a close) reaches the far end intact.
 */
final class Relay {

    /**
     * Read size: a TLS read yields at most one record (16 KiB), a plain loopback read as much as
     * waits, up to this; fewer, larger writes cost the relay's CPU (two on the machine carry it) less.
     */
    private static final int BUFFER = 1 << 18;

    private Relay() {
    }

    static void start(Socket a, Socket b, String name) {
        AtomicInteger open = new AtomicInteger(2);
        Thread forward = new Thread(() -> copy(a, b, open), name + "-out");
        Thread backward = new Thread(() -> copy(b, a, open), name + "-in");
        forward.setDaemon(true);
        backward.setDaemon(true);
        forward.start();
        backward.start();
    }

    private static void copy(Socket from, Socket to, AtomicInteger open) {
        byte[] buffer = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n); // a socket's stream is unbuffered: the bytes left with the write
            }
            try {
                to.shutdownOutput();
            } catch (IOException | UnsupportedOperationException e) {
                closeBoth(from, to);
            }
            if (open.decrementAndGet() == 0) {
                closeBoth(from, to);
            }
        } catch (IOException e) {
            closeBoth(from, to);
        }
    }

    static void closeBoth(Socket a, Socket b) {
        close(a);
        close(b);
    }

    static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
