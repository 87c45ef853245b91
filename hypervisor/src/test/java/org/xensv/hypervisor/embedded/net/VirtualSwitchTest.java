package org.xensv.hypervisor.embedded.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.RateLimit;

class VirtualSwitchTest {

    private final VirtualSwitch vswitch = new VirtualSwitch();

    @Test
    void framesNeverReachANicOnAnotherVlan() {
        Nic a10 = vswitch.attach(NicConfig.of("00:16:3e:00:00:01", 10));
        Nic b10 = vswitch.attach(NicConfig.of("00:16:3e:00:00:02", 10));
        Nic c20 = vswitch.attach(NicConfig.of("00:16:3e:00:00:03", 20));
        List<Frame> seenByC = new ArrayList<>();
        c20.onReceive(seenByC::add);
        a10.transmit(Frame.BROADCAST, 100, 0);
        a10.transmit(c20.mac(), 100, 0);
        a10.transmit(b10.mac(), 100, 0);
        assertThat(seenByC).isEmpty();
        assertThat(c20.counters().rxPackets()).isZero();
        assertThat(b10.counters().rxPackets()).isEqualTo(2);
        assertThat(a10.counters().rxPackets()).isZero();
        c20.transmit(Frame.BROADCAST, 100, 0);
        assertThat(a10.counters().rxPackets()).isZero();
        assertThat(b10.counters().rxPackets()).isEqualTo(2);
    }

    @Test
    void framesToUnknownMacsLeaveByTheVlansUplink() {
        Nic a = vswitch.attach(NicConfig.of("00:16:3e:00:00:01", 10));
        a.transmit("02:00:00:00:00:01", 1000, 0);
        assertThat(vswitch.uplinkBytes(10)).isEqualTo(1000);
        assertThat(vswitch.uplinkBytes(20)).isZero();
    }

    @Test
    void xlRateSyntaxIsParsed() {
        RateLimit rate = RateLimit.parse("10Mb/s@50ms");
        assertThat(rate.bytesPerSecond()).isEqualTo(1_250_000);
        assertThat(rate.bytesPerInterval()).isEqualTo(62_500);
        assertThat(RateLimit.parse("1GB/s").intervalMicros()).isEqualTo(50_000);
        assertThat(RateLimit.parse("100Kb/s@20us").intervalNanos()).isEqualTo(20_000);
    }

    @Test
    void theRateLimitLetsOneIntervalsCreditThroughPerInterval() {
        Nic sender = vswitch.attach(NicConfig.of("00:16:3e:00:00:01", 5).withRate("10Mb/s@50ms"));
        Nic sink = vswitch.attach(NicConfig.of("00:16:3e:00:00:02", 5));
        long start = 0;
        long interval = 50_000_000L;
        // Offer far more than the limit for 20 intervals (one simulated second), 1000-byte frames.
        for (int tick = 0; tick < 20; tick++) {
            long now = start + tick * interval + 1;
            for (int i = 0; i < 200; i++) {
                sender.transmit(sink.mac(), 1000, now);
            }
        }
        long delivered = sink.counters().rxBytes();
        // 62,500 bytes of credit per interval: 62 frames of 1000 bytes per interval, 20 intervals.
        assertThat(delivered).isBetween(19L * 62_000, 21L * 62_500);
        assertThat(sender.counters().txDropped()).isPositive();
        assertThat(sender.queued()).isLessThanOrEqualTo(Nic.QUEUE_FRAMES);
    }

    @Test
    void aQueuedFrameGoesAtTheNextRefill() {
        Nic sender = vswitch.attach(NicConfig.of("00:16:3e:00:00:01", 5).withRate("8Kb/s@100ms"));
        Nic sink = vswitch.attach(NicConfig.of("00:16:3e:00:00:02", 5));
        long now = 1;
        sender.transmit(sink.mac(), 100, now);
        sender.transmit(sink.mac(), 100, now);
        assertThat(sink.counters().rxPackets()).isEqualTo(1);
        long next = sender.nextSendAt(now);
        assertThat(next).isGreaterThan(now);
        sender.flush(next);
        assertThat(sink.counters().rxPackets()).isEqualTo(2);
    }

    @Test
    void aRateChangedLiveHoldsFromTheNextIntervalOn() {
        Nic sender = vswitch.attach(NicConfig.of("00:16:3e:00:00:01", 5).withRate("10Mb/s@50ms"));
        Nic sink = vswitch.attach(NicConfig.of("00:16:3e:00:00:02", 5));
        long interval = 50_000_000L;
        long before = offer(sender, sink, 0, 20, interval);
        sender.setRateLimit(RateLimit.parse("2Mb/s@50ms"));
        long after = offer(sender, sink, 20 * interval, 20, interval);

        // 62,500 bytes per interval before, 12,500 after (the queue carried over drains at the new rate)
        assertThat(before).isBetween(19L * 62_000, 21L * 62_500);
        assertThat(after).isBetween(19L * 12_000, 21L * 12_500);
        assertThat(sender.rateLimit().bytesPerSecond()).isEqualTo(250_000);

        sender.setRateLimit(null);
        assertThat(offer(sender, sink, 40 * interval, 1, interval)).isGreaterThan(100_000);
    }

    /** Offers 200 frames of 1000 bytes in each of {@code ticks} intervals from {@code start}; bytes the sink got. */
    private static long offer(Nic sender, Nic sink, long start, int ticks, long interval) {
        long received = sink.counters().rxBytes();
        for (int tick = 0; tick < ticks; tick++) {
            long now = start + tick * interval + 1;
            for (int i = 0; i < 200; i++) {
                sender.transmit(sink.mac(), 1000, now);
            }
        }
        return sink.counters().rxBytes() - received;
    }
}
