package org.xensv.hypervisor.embedded.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.embedded.TestHosts;
import org.xensv.hypervisor.memory.Pages;

class CreditSchedulerTest {

    private final CreditScheduler scheduler = new CreditScheduler("test", 1);

    @AfterEach
    void stop() {
        scheduler.shutdown();
    }

    /** About 20 µs of arithmetic per step, counting steps. */
    static VcpuBody burner(AtomicLong steps) {
        long[] x = {1};
        return () -> {
            for (int i = 0; i < 5_000; i++) {
                x[0] = Pages.mix(x[0] + i);
            }
            steps.incrementAndGet();
            return x[0] == 42 ? VcpuBody.BLOCK : VcpuBody.CONTINUE;
        };
    }

    private SchedDomain burning(String name, int weight, int cap) {
        SchedDomain d = scheduler.createDomain(name, weight, cap);
        d.addVcpu(burner(new AtomicLong()));
        return d;
    }

    @Test
    void cpuIsSharedInProportionToWeight() {
        SchedDomain light = burning("light", 256, 0);
        SchedDomain heavy = burning("heavy", 512, 0);
        light.unpause();
        heavy.unpause();
        TestHosts.await("400 ms of CPU handed out", () -> light.cpuTimeNanos() + heavy.cpuTimeNanos() > 400_000_000L);
        light.pause();
        heavy.pause();
        double ratio = (double) heavy.cpuTimeNanos() / light.cpuTimeNanos();
        assertThat(ratio).as("heavy:light CPU ratio").isBetween(1.5, 2.6);
    }

    @Test
    void aCappedDomainGetsNoMoreThanItsCapEvenWhenTheCpuIsFree() {
        SchedDomain capped = burning("capped", 256, 25);
        SchedDomain other = burning("other", 256, 0);
        capped.unpause();
        other.unpause();
        TestHosts.await("400 ms of CPU handed out", () -> capped.cpuTimeNanos() + other.cpuTimeNanos() > 400_000_000L);
        capped.pause();
        other.pause();
        double share = (double) capped.cpuTimeNanos() / (capped.cpuTimeNanos() + other.cpuTimeNanos());
        assertThat(share).as("capped share").isBetween(0.15, 0.32);
    }

    @Test
    void throttleWithholdsTimeLikeACap() {
        SchedDomain throttled = burning("throttled", 256, 0);
        SchedDomain other = burning("other", 256, 0);
        throttled.setThrottle(80);
        throttled.unpause();
        other.unpause();
        TestHosts.await("400 ms of CPU handed out", () -> throttled.cpuTimeNanos() + other.cpuTimeNanos() > 400_000_000L);
        throttled.pause();
        other.pause();
        double share = (double) throttled.cpuTimeNanos() / (throttled.cpuTimeNanos() + other.cpuTimeNanos());
        assertThat(share).isBetween(0.1, 0.3);
    }

    @Test
    void nothingOfAPausedDomainRunsAndPauseReturnsAtASafePoint() throws InterruptedException {
        AtomicLong steps = new AtomicLong();
        AtomicLong inStep = new AtomicLong();
        SchedDomain d = scheduler.createDomain("p", 256, 0);
        VcpuBody body = burner(steps);
        d.addVcpu(() -> {
            inStep.incrementAndGet();
            try {
                return body.step();
            } finally {
                inStep.decrementAndGet();
            }
        });
        d.unpause();
        TestHosts.await("running", () -> steps.get() > 100);
        d.pause();
        assertThat(inStep.get()).as("a step in progress after pause returned").isZero();
        long stepsAtPause = steps.get();
        long cpuAtPause = d.cpuTimeNanos();
        Thread.sleep(50);
        assertThat(steps.get()).isEqualTo(stepsAtPause);
        assertThat(d.cpuTimeNanos()).isEqualTo(cpuAtPause);
        d.unpause();
        TestHosts.await("running again", () -> steps.get() > stepsAtPause + 100);
    }

    @Test
    void aSleepingVcpuUsesNoCpuAndWakesOnItsTimerOrOnAnInterrupt() {
        AtomicLong wakes = new AtomicLong();
        SchedDomain d = scheduler.createDomain("sleeper", 256, 0);
        d.addVcpu(() -> {
            wakes.incrementAndGet();
            return wakes.get() == 1 ? System.nanoTime() + 1_000_000 : VcpuBody.BLOCK;
        });
        d.unpause();
        TestHosts.await("timer wake", () -> wakes.get() == 2);
        d.wake();
        TestHosts.await("interrupt wake", () -> wakes.get() == 3);
    }

    @Test
    void aVcpuThatThrowsIsReportedAsACrash() {
        AtomicLong crashes = new AtomicLong();
        SchedDomain d = scheduler.createDomain("crashy", 256, 0);
        d.onCrash(e -> crashes.incrementAndGet());
        d.addVcpu(() -> {
            throw new IllegalStateException("guest bug");
        });
        d.unpause();
        TestHosts.await("crash reported", () -> crashes.get() == 1);
    }
}
