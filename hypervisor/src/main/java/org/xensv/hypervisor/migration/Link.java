package org.xensv.hypervisor.migration;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The source's end of one TCP connection to a destination: the paced writer, and a reader thread
 * that sorts what the destination says into replies and post-copy page requests.
 */
final class Link implements AutoCloseable {

    /** A record from the destination, or the end of the connection ({@code type == null}). */
    record Reply(RecordType type, byte[] payload, String problem) {
    }

    /** The big-endian int64 at {@code off} of a reply's payload, or 0 if the reply is missing or shorter. */
    static long longAt(Reply reply, int off) {
        if (reply == null || reply.payload() == null || reply.payload().length < off + 8) {
            return 0;
        }
        return new StreamReader.Record(reply.type(), reply.payload(), reply.payload().length).getLong(off);
    }

    /** The big-endian int32 at {@code off} of a reply's payload, or -1 if the reply is missing or shorter. */
    static int intAt(Reply reply, int off) {
        if (reply == null || reply.payload() == null || reply.payload().length < off + 4) {
            return -1;
        }
        return new StreamReader.Record(reply.type(), reply.payload(), reply.payload().length).getInt(off);
    }

    final Socket socket;
    final StreamWriter writer;
    final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    final BlockingQueue<long[]> requests = new LinkedBlockingQueue<>();
    private volatile Reply error;
    /** When the destination said it holds all of round 0 (see {@link #deliveredRate}); 0 until then. */
    private volatile long round0ReceivedAt;
    private volatile boolean down;

    Link(Socket socket, Bandwidth bandwidth, String peer) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.writer = StreamWriter.on(socket, bandwidth);
        StreamReader reader = StreamReader.on(socket, peer);
        Thread thread = new Thread(() -> readLoop(reader), "migration-link-" + peer);
        thread.setDaemon(true);
        thread.start();
    }

    private void readLoop(StreamReader reader) {
        try {
            while (true) {
                StreamReader.Record r = reader.read();
                byte[] copy = java.util.Arrays.copyOf(r.payload(), r.length());
                if (r.type() == RecordType.PAGE_REQUEST) {
                    int n = r.getInt(0);
                    long[] pfns = new long[n];
                    for (int i = 0; i < n; i++) {
                        pfns[i] = r.getLong(4 + 8 * i);
                    }
                    requests.add(pfns);
                    synchronized (window) {
                        window.notifyAll(); // a push waiting for the window answers the request first
                    }
                    continue;
                }
                if (r.type() == RecordType.SYNCED && r.length() >= 8) {
                    synced(r.getLong(0));
                    continue;
                }
                if (r.type() == RecordType.ROUND_RECEIVED && r.length() >= 4 && r.getInt(0) == 0) {
                    round0ReceivedAt = System.nanoTime();
                }
                Reply reply = new Reply(r.type(), copy, null);
                if (r.type() == RecordType.ERROR) {
                    error = reply;
                }
                replies.add(reply);
            }
        } catch (IOException e) {
            down = true;
            synchronized (window) {
                window.notifyAll();
            }
            replies.add(new Reply(null, null, e.getMessage()));
            requests.add(new long[0]);
        }
    }

    /**
     * The rate the link really delivered in round 0 (the one round that sends without a pause, so
     * the link never idled): its bytes over the time from its start to the destination's
     * ROUND_RECEIVED of it; 0 until that arrived. Unlike a short round's bytes over the time its
     * writes took, this leaves out what still sat in socket buffers, relays and a link's queue.
     */
    double deliveredRate(long round0Start, long round0Bytes) {
        long at = round0ReceivedAt;
        double seconds = (at - round0Start) / 1e9;
        return at == 0 || seconds <= 0 ? 0 : round0Bytes / seconds;
    }

    // ---- flow window ------------------------------------------------------------------------------

    /** A SYNC every this many bytes of stream. */
    static final long SYNC_EVERY = 1L << 20;
    /** The smallest window: enough for a 1 Gbit/s link with a 20 ms round trip and the relays on the way. */
    static final long WINDOW_MIN = 4L << 20;
    private final Object window = new Object();
    private long lastSync;
    private long firstSyncAt;
    private volatile long acked;
    private volatile long ackedAt;
    /** The shortest time a SYNC took to come back: the round trip with the least queue in front of it. */
    private volatile long roundTripNanos = Long.MAX_VALUE;
    private final java.util.concurrent.ConcurrentLinkedQueue<long[]> syncs = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private void synced(long bytes) {
        long now = System.nanoTime();
        long[] sent;
        while ((sent = syncs.peek()) != null && sent[0] <= bytes) {
            syncs.poll();
            if (sent[0] == bytes) {
                roundTripNanos = Math.min(roundTripNanos, now - sent[1]);
            }
        }
        synchronized (window) {
            acked = Math.max(acked, bytes);
            ackedAt = now;
            window.notifyAll();
        }
    }

    /**
     * Keeps at most a window of stream bytes on their way: without it, socket buffers, relays and a
     * link's queue hold tens of megabytes (hundreds of milliseconds at 1 Gbit/s), and everything the
     * source sends behind them waits that long: the last pre-copy round's acknowledgement before the
     * pause, the switchover, a post-copy page the guest waits for. The window is twice what the link
     * delivers in a round trip (so the link never idles), at least {@link #WINDOW_MIN}: it grows with
     * the rate acknowledged, as TCP's own window does. Called between batches, every few hundred KiB.
     */
    void flowControl(boolean yieldToRequests) throws IOException, InterruptedException {
        long written = writer.bytesWritten();
        if (written - lastSync >= SYNC_EVERY) {
            if (firstSyncAt == 0) {
                firstSyncAt = System.nanoTime();
            }
            lastSync = written;
            syncs.add(new long[] {written, System.nanoTime()});
            writer.write(RecordType.SYNC, StreamWriter.payload(out -> out.writeLong(written)));
        }
        synchronized (window) {
            while (written - acked > windowBytes() && !down && !(yieldToRequests && !requests.isEmpty())) {
                window.wait(20);
            }
        }
        if (down) {
            throw new IOException("the connection to the destination was lost");
        }
    }

    private long windowBytes() {
        long since = ackedAt - firstSyncAt;
        long rtt = roundTripNanos;
        double rate = firstSyncAt == 0 || since <= 0 || rtt == Long.MAX_VALUE ? 0 : acked / (since / 1e9);
        return Math.max(Math.max(WINDOW_MIN, (long) (rate * WINDOW_MIN_SECONDS)), (long) (2 * rate * rtt / 1e9));
    }

    /**
     * The window also holds at least this much time of the acknowledged rate: on loopback (1–2 GB/s)
     * 4 MiB is 2–4 ms, less than a busy 2-CPU machine may take to schedule the destination's answer,
     * and a stalled window there would only cost time (its buffers drain in a moment anyway). Below
     * 400 MB/s, every link the shaped benchmark has, it adds nothing to the 4 MiB.
     */
    static final double WINDOW_MIN_SECONDS = 0.010;

    boolean isDown() {
        return down;
    }

    /** The destination's ERROR, if it sent one (waits briefly for it to arrive). */
    Reply error(long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        while (error == null && !down && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return error;
    }

    /** The next reply, or null on timeout. */
    Reply poll(long millis) throws InterruptedException {
        return replies.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
