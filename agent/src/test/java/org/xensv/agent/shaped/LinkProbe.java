package org.xensv.agent.shaped;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The plainest transfer over a link: one TCP connection carrying {@code bytes} from a 1 MiB buffer
 * to a sink that reads them into another and answers with the count once it has them all. The
 * rate is bytes / (connect to that answer), so it includes the connect's and the answer's round trip.
 *
 * <pre>java LinkProbe sink ADDRESS:PORT            (prints "sink listening", serves until killed)
 * java LinkProbe send ADDRESS:PORT BYTES      (prints "rate N bytes/s")</pre>
 */
public final class LinkProbe {

    private static final int BUFFER = 1 << 20;
    private static final Pattern RATE = Pattern.compile("rate (\\d+) bytes/s");

    private LinkProbe() {
    }

    public static void main(String[] args) throws IOException {
        if (args[0].equals("sink")) {
            sink(args[1]);
        } else {
            System.out.println("rate " + send(args[1], Long.parseLong(args[2])) + " bytes/s");
        }
    }

    private static void sink(String address) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(DelayRelay.address(address));
        System.out.println("sink listening on " + address);
        System.out.flush();
        byte[] buffer = new byte[BUFFER];
        while (true) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                long total = 0;
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    total += n;
                }
                new DataOutputStream(s.getOutputStream()).writeLong(total);
            } catch (IOException e) {
                System.out.println("sink: " + e.getMessage());
            }
        }
    }

    private static long send(String address, long bytes) throws IOException {
        byte[] buffer = new byte[BUFFER];
        java.util.Arrays.fill(buffer, (byte) 0x5a);
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(DelayRelay.address(address), 10_000);
            OutputStream out = s.getOutputStream();
            for (long left = bytes; left > 0; left -= BUFFER) {
                out.write(buffer, 0, (int) Math.min(BUFFER, left));
            }
            s.shutdownOutput();
            long received = new DataInputStream(s.getInputStream()).readLong();
            if (received != bytes) {
                throw new IOException("the sink received " + received + " of " + bytes + " bytes");
            }
        }
        return (long) (bytes / ((System.nanoTime() - start) / 1e9));
    }

    /**
     * The rate of {@code bytes} from namespace {@code fromNs} to {@code address} (a sink, or a relay before one), in bytes/s:
     * the best of {@code runs}.
     */
    public static double measure(String fromNs, String address, long bytes, int runs) {
        double best = 0;
        for (int i = 0; i < runs; i++) {
            NamespacedJava sender = NamespacedJava.start("probe-send", fromNs, List.of("-Xmx128m"), LinkProbe.class,
                    List.of("send", address, String.valueOf(bytes)));
            try {
                best = Math.max(best, Double.parseDouble(sender.await(RATE).group(1)));
            } finally {
                sender.stop(5);
            }
        }
        return best;
    }

    /** A sink in {@code ns} on {@code address}, listening once this returns. */
    public static NamespacedJava sink(String ns, String address) {
        NamespacedJava sink = NamespacedJava.start("probe-sink", ns, List.of("-Xmx128m"), LinkProbe.class, List.of("sink", address));
        sink.await(Pattern.compile("sink listening"));
        return sink;
    }
}
