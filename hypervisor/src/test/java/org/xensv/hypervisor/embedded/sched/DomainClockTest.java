package org.xensv.hypervisor.embedded.sched;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DomainClockTest {

    @Test
    void standsStillWhilePaused() throws InterruptedException {
        DomainClock clock = new DomainClock();
        long t = clock.now();
        Thread.sleep(5);
        assertThat(clock.now()).isEqualTo(t);
        clock.run(true);
        Thread.sleep(5);
        clock.run(false);
        long after = clock.now();
        assertThat(after).isGreaterThan(t);
        Thread.sleep(5);
        assertThat(clock.now()).isEqualTo(after);
    }

    @Test
    void aThrottledClockNeedsProportionallyMoreRealTime() {
        DomainClock clock = new DomainClock();
        clock.throttle(75);
        assertThat(clock.realNanosFor(1_000)).isEqualTo(4_000);
        clock.throttle(0);
        assertThat(clock.realNanosFor(1_000)).isEqualTo(1_000);
    }
}
