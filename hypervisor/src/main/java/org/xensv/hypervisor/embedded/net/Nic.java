package org.xensv.hypervisor.embedded.net;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.RateLimit;

/**
 * A virtual NIC on a {@link VirtualSwitch}. Transmit goes through an optional token bucket
 * (xl's {@code rate=...@interval}): a frame without credit waits in a small queue until a refill,
 * and is dropped when the queue is full. The limit can change while frames flow
 * ({@link #setRateLimit}). Times are {@link System#nanoTime()} values from the caller.
 */
public final class Nic {

    static final int QUEUE_FRAMES = 64;

    private final VirtualSwitch vswitch;
    /** Replaced (under the NIC's lock) when the rate limit changes live. */
    private volatile NicConfig config;
    private TokenBucket bucket;
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private volatile Consumer<Frame> receiver = f -> { };
    private long txBytes;
    private long txPackets;
    private long txDropped;
    private long rxBytes;
    private long rxPackets;
    private volatile boolean detached;

    Nic(VirtualSwitch vswitch, NicConfig config) {
        this.vswitch = vswitch;
        this.config = config;
    }

    public String mac() {
        return config.mac();
    }

    public int vlan() {
        return config.vlan();
    }

    /** Sends a frame to {@code dst}; false when it had to be dropped (queue full, or the NIC unplugged). */
    public boolean transmit(String dst, int length, long now) {
        ArrayDeque<Frame> out = new ArrayDeque<>(2);
        boolean accepted;
        synchronized (this) {
            if (detached) {
                txDropped++;
                return false;
            }
            drain(now, out);
            Frame frame = new Frame(config.mac(), dst, config.vlan(), length);
            if (queue.isEmpty() && (bucket == null || bucket.tryTake(length, now))) {
                count(frame, out);
                accepted = true;
            } else if (queue.size() >= QUEUE_FRAMES) {
                txDropped++;
                accepted = false;
            } else {
                queue.addLast(frame);
                accepted = true;
            }
        }
        out.forEach(vswitch::forward);
        return accepted;
    }

    /** Sends queued frames as far as the credit allows. */
    public void flush(long now) {
        ArrayDeque<Frame> out = new ArrayDeque<>(2);
        synchronized (this) {
            drain(now, out);
        }
        out.forEach(vswitch::forward);
    }

    /**
     * Changes the rate limit live (null = unlimited): the next frame, queued or new, is measured
     * against a new bucket that starts full, as netback does when its rate is rewritten.
     */
    public synchronized void setRateLimit(RateLimit limit) {
        config = new NicConfig(config.mac(), config.vlan(), limit);
        bucket = null;
    }

    public RateLimit rateLimit() {
        return config.rateLimit();
    }

    /** The bucket starts full at the first transmit, on the caller's clock. */
    private void startBucket(long now) {
        if (bucket == null && config.rateLimit() != null) {
            bucket = TokenBucket.bytes(config.rateLimit(), Frame.MAX_LENGTH, now);
        }
    }

    private void drain(long now, ArrayDeque<Frame> out) {
        startBucket(now);
        while (!queue.isEmpty() && (bucket == null || bucket.tryTake(queue.peekFirst().length(), now))) {
            count(queue.pollFirst(), out);
        }
    }

    /** When the next queued frame can go (or {@code now} if the queue is empty). */
    public synchronized long nextSendAt(long now) {
        return queue.isEmpty() || bucket == null ? now : bucket.availableAt(queue.peekFirst().length(), now);
    }

    public synchronized int queued() {
        return queue.size();
    }

    private void count(Frame frame, ArrayDeque<Frame> out) {
        txBytes += frame.length();
        txPackets++;
        out.addLast(frame);
    }

    void receive(Frame frame) {
        synchronized (this) {
            rxBytes += frame.length();
            rxPackets++;
        }
        receiver.accept(frame);
    }

    /** Who sees received frames (default: nobody, they are only counted). */
    public void onReceive(Consumer<Frame> receiver) {
        this.receiver = receiver;
    }

    public synchronized NicCounters counters() {
        return new NicCounters(txBytes, txPackets, txDropped, rxBytes, rxPackets);
    }

    /** Unplugs the NIC: it leaves the switch, and frames it is still given are dropped. */
    public void detach() {
        detached = true;
        synchronized (this) {
            queue.clear();
        }
        vswitch.detach(this);
    }

    /** Counters of one NIC. */
    public record NicCounters(long txBytes, long txPackets, long txDropped, long rxBytes, long rxPackets) {
    }
}
