package org.xensv.hypervisor.embedded.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
        TestHosts.await("a second of CPU handed out", () -> light.cpuTimeNanos() + heavy.cpuTimeNanos() > 1_000_000_000L);
        light.pause();
        heavy.pause();
        // 2:1 on a quiet machine; a busy one preempts the pCPU threads inside their slices, which blurs
        // the split but never reverses it: the heavier weight gets clearly more, and not more than 3x
        double ratio = (double) heavy.cpuTimeNanos() / light.cpuTimeNanos();
        assertThat(ratio).as("heavy:light CPU ratio").isBetween(1.25, 3.0);
    }

    @Test
    void aCappedDomainGetsNoMoreThanItsCapEvenWhenTheCpuIsFree() {
        SchedDomain capped = burning("capped", 256, 25);
        SchedDomain other = burning("other", 256, 0);
        long start = System.nanoTime();
        capped.unpause();
        other.unpause();
        TestHosts.await("400 ms of CPU handed out", () -> capped.cpuTimeNanos() + other.cpuTimeNanos() > 400_000_000L);
        capped.pause();
        other.pause();
        long elapsed = System.nanoTime() - start;
        // The cap is a share of one pCPU per accounting period, whatever else the machine runs: the
        // capped domain never gets more than a quarter of the time that passed (and one slice over),
        // even when the host's machine is busy and the uncapped domain gets less than it asks for.
        assertThat(capped.cpuTimeNanos()).as("capped CPU time against a quarter of the %d ms that passed", elapsed / 1_000_000)
                .isPositive().isLessThanOrEqualTo(elapsed / 4 + 30_000_000L);
        assertThat(other.cpuTimeNanos()).as("the uncapped domain runs beside it").isPositive();
    }

    @Test
    void throttleWithholdsTimeLikeACap() {
        SchedDomain throttled = burning("throttled", 256, 0);
        SchedDomain other = burning("other", 256, 0);
        throttled.setThrottle(80);
        long start = System.nanoTime();
        throttled.unpause();
        other.unpause();
        TestHosts.await("400 ms of CPU handed out", () -> throttled.cpuTimeNanos() + other.cpuTimeNanos() > 400_000_000L);
        throttled.pause();
        other.pause();
        long elapsed = System.nanoTime() - start;
        // 80% withheld: at most a fifth of the time that passed (and one slice over), as a cap of 20%
        assertThat(throttled.cpuTimeNanos()).as("throttled CPU time against a fifth of the %d ms that passed", elapsed / 1_000_000)
                .isPositive().isLessThanOrEqualTo(elapsed / 5 + 30_000_000L);
        assertThat(other.cpuTimeNanos()).isPositive();
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

    @Test
    void idleWorkersSleepUntilWorkComesAndOneOfThemKeepsTheTimers() {
        CreditScheduler host = new CreditScheduler("idle", 2);
        try {
            AtomicLong ticks = new AtomicLong();
            AtomicLong bursts = new AtomicLong();
            SchedDomain ticker = host.createDomain("ticker", 256, 0);
            ticker.addVcpu(() -> {
                ticks.incrementAndGet();
                return System.nanoTime() + 20_000_000L; // a guest's timer tick
            });
            List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("idle-pcpu")).toList();
            assertThat(workers).hasSize(2);
            // nothing runnable, no timer: no worker wakes by itself
            TestHosts.await("both workers asleep until there is work", () -> workers.stream().allMatch(t -> t.getState() == Thread.State.WAITING));

            ticker.unpause();
            TestHosts.await("the guest's timer keeps firing", () -> ticks.get() >= 5);
            // work made runnable from outside still reaches a sleeping worker, beside the timekeeper
            SchedDomain burst = host.createDomain("burst", 256, 0);
            burst.addVcpu(() -> {
                bursts.incrementAndGet();
                return VcpuBody.BLOCK;
            });
            burst.unpause();
            TestHosts.await("a runnable vCPU is run", () -> bursts.get() == 1);
            burst.wake();
            TestHosts.await("a woken vCPU is run", () -> bursts.get() == 2);
            long before = ticks.get();
            TestHosts.await("the timer still fires", () -> ticks.get() >= before + 3);

            ticker.pause();
            TestHosts.await("both workers asleep again once nothing runs", () -> workers.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
        } finally {
            host.shutdown();
        }
    }
}
