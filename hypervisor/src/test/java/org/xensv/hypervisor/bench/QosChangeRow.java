package org.xensv.hypervisor.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.RateLimit;
import org.xensv.hypervisor.embedded.EmbeddedDomain;
import org.xensv.hypervisor.embedded.EmbeddedHost;
import org.xensv.hypervisor.embedded.EmbeddedRuntime;
import org.xensv.hypervisor.embedded.net.Frame;
import org.xensv.hypervisor.embedded.net.Nic;

/**
 * The row of issue 9's QoS policies: a running guest's NIC measured under one rate limit, the limit
 * changed live (as a policy edit does, through the domain's {@code setNicRate}, the call behind
 * {@code DomainTuning.setNicRate}), the NIC measured again, and the time from the change until the
 * new rate holds.
 */
final class QosChangeRow {

    private static final String BEFORE = "20Mb/s@50ms";
    private static final String AFTER = "5Mb/s@50ms";
    private static final long MEASURE_MILLIS = 3000;
    private static final long WARM_UP_MILLIS = 500;
    private static final double TOLERANCE = 0.10;
    private static final String MAC = "00:16:3e:0e:00:01";
    private final Table table;

    QosChangeRow(Table table) {
        this.table = table;
    }

    void run() throws InterruptedException {
        EmbeddedHost host = EmbeddedRuntime.host("bench-qos", 1, 256);
        try {
            EmbeddedDomain guest = host.define(DomainConfig.of("qos-guest", 1, 64)
                    .withNics(List.of(NicConfig.of(MAC, 100).withRate(BEFORE))));
            guest.start();
            Nic nic = host.vswitch().port(MAC).orElseThrow();
            Nic sink = host.vswitch().attach(NicConfig.of("00:16:3e:0e:00:02", 100));
            Thread sender = Thread.ofPlatform().daemon().start(() -> saturate(nic, sink.mac()));
            Thread.sleep(WARM_UP_MILLIS);
            double before = mbit(sink, MEASURE_MILLIS);

            List<long[]> samples = new ArrayList<>(); // {nanoTime, bytes received}
            long changedAt = System.nanoTime();
            guest.setNicRate(MAC, RateLimit.parse(AFTER));
            long end = changedAt + MEASURE_MILLIS * 1_000_000;
            while (System.nanoTime() < end) {
                samples.add(new long[] {System.nanoTime(), sink.counters().rxBytes()});
                LockSupport.parkNanos(1_000_000);
            }
            double after = (samples.getLast()[1] - samples.getFirst()[1]) * 8 / ((samples.getLast()[0] - samples.getFirst()[0]) / 1e9) / 1e6;
            sender.interrupt();
            double settleMillis = settle(samples, changedAt, RateLimit.parse(AFTER)) / 1e6;

            double targetBefore = RateLimit.parse(BEFORE).bytesPerSecond() * 8 / 1e6;
            double targetAfter = RateLimit.parse(AFTER).bytesPerSecond() * 8 / 1e6;
            double errorBefore = Math.abs(before / targetBefore - 1);
            double errorAfter = Math.abs(after / targetAfter - 1);
            long twoRefills = 2 * RateLimit.parse(AFTER).intervalNanos() / 1_000_000;
            table.met("QoS change on a running guest: NIC rate=" + BEFORE + " changed live to rate=" + AFTER,
                    String.format("%.0f then %.0f Mbit/s (each within %.0f%%); new rate holds within %d ms (2 refills)",
                            targetBefore, targetAfter, 100 * TOLERANCE, twoRefills),
                    String.format("%.2f Mbit/s (error %.1f%%), then %.2f Mbit/s (error %.1f%%); held after %.1f ms", before,
                            100 * errorBefore, after, 100 * errorAfter, settleMillis),
                    errorBefore <= TOLERANCE && errorAfter <= TOLERANCE && settleMillis <= twoRefills);
            table.note("QoS change", String.format("a running 64 MiB guest's NIC (rate=%s) is kept saturated with %d-byte frames "
                    + "towards a sink on its VLAN; the sink's bytes are counted over %d s after %d ms of warm-up; then the rate is "
                    + "set to %s on the running domain (what a QoS policy edit does through `DomainTuning.setNicRate`) and the "
                    + "bytes are counted over %d s more from that instant. \"Held after\" is the time from the change to the "
                    + "first instant from which every window of 4 refill intervals carries at most the 5 refills of the new "
                    + "rate it can hold plus one frame (sampled every millisecond). Full frames per refill: %d before, %d after, hence up to %.1f%% and %.1f%% under the set rates.",
                    BEFORE, Frame.MAX_LENGTH, MEASURE_MILLIS / 1000, WARM_UP_MILLIS, AFTER, MEASURE_MILLIS / 1000,
                    RateLimit.parse(BEFORE).bytesPerInterval() / Frame.MAX_LENGTH, RateLimit.parse(AFTER).bytesPerInterval() / Frame.MAX_LENGTH,
                    100.0 * (RateLimit.parse(BEFORE).bytesPerInterval() % Frame.MAX_LENGTH) / RateLimit.parse(BEFORE).bytesPerInterval(),
                    100.0 * (RateLimit.parse(AFTER).bytesPerInterval() % Frame.MAX_LENGTH) / RateLimit.parse(AFTER).bytesPerInterval()));
        } finally {
            EmbeddedRuntime.remove("bench-qos");
        }
    }

    /**
     * Nanoseconds from the change to the first sample from which every window of 4 refill
     * intervals carries at most what the new rate lets through in it: a window of 4 intervals holds at
     * most 5 refills, plus one frame that the credit carried in.
     */
    private static long settle(List<long[]> samples, long changedAt, RateLimit limit) {
        long window = 4 * limit.intervalNanos();
        long allowed = 5 * limit.bytesPerInterval() + Frame.MAX_LENGTH;
        int held = samples.size() - 1;
        int j = samples.size() - 1;
        for (int i = samples.size() - 1; i >= 0; i--) {
            long[] start = samples.get(i);
            while (j > i && samples.get(j)[0] - start[0] > window) {
                j--;
            }
            if (samples.get(j)[0] - start[0] < window - 2_000_000 && j == samples.size() - 1) {
                held = i; // too close to the end for a full window: no evidence against it
                continue;
            }
            if (samples.get(j)[1] - start[1] > allowed) {
                break;
            }
            held = i;
        }
        return samples.get(held)[0] - changedAt;
    }

    private static double mbit(Nic sink, long millis) throws InterruptedException {
        long b0 = sink.counters().rxBytes();
        long t0 = System.nanoTime();
        Thread.sleep(millis);
        return (sink.counters().rxBytes() - b0) * 8 / ((System.nanoTime() - t0) / 1e9) / 1e6;
    }

    /** Keeps the guest NIC's transmit queue full, sending as its credit allows (as the NIC row's sender does). */
    private static void saturate(Nic nic, String dst) {
        while (!Thread.currentThread().isInterrupted()) {
            long now = System.nanoTime();
            while (nic.queued() < 32) {
                nic.transmit(dst, Frame.MAX_LENGTH, now);
            }
            long wait = nic.nextSendAt(now) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            nic.flush(System.nanoTime());
        }
    }
}
