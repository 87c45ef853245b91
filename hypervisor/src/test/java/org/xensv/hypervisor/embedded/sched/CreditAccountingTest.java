package org.xensv.hypervisor.embedded.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The credit arithmetic alone: no threads, no clocks. */
class CreditAccountingTest {

    private static final long MS = 1_000_000;
    private final CreditScheduler scheduler = new CreditScheduler("acct", 1);

    @AfterEach
    void stop() {
        scheduler.shutdown();
    }

    private SchedDomain domain(int weight, int cap, int vcpus) {
        SchedDomain d = new SchedDomain(scheduler, "d", weight, cap);
        for (int i = 0; i < vcpus; i++) {
            Vcpu v = new Vcpu(d, i, () -> VcpuBody.CONTINUE);
            v.state = Vcpu.State.RUNNABLE;
            d.vcpus.add(v);
        }
        return d;
    }

    @Test
    void creditIsSharedByWeight() {
        SchedDomain light = domain(256, 0, 1);
        SchedDomain heavy = domain(512, 0, 1);
        CreditAccounting.distribute(List.of(light, heavy), 1, 30 * MS);
        assertThat(light.vcpus.get(0).credit).isEqualTo(10 * MS);
        assertThat(heavy.vcpus.get(0).credit).isEqualTo(20 * MS);
    }

    @Test
    void aCapBoundsTheDomainAndIsSplitOverItsVcpus() {
        SchedDomain capped = domain(256, 50, 2);
        SchedDomain other = domain(256, 0, 1);
        CreditAccounting.distribute(List.of(capped, other), 4, 10 * MS);
        assertThat(capped.vcpus.get(0).credit).isEqualTo(2_500_000);
        assertThat(capped.vcpus.get(1).credit).isEqualTo(2_500_000);
    }

    @Test
    void aThrottleActsAsACapPerVcpu() {
        SchedDomain throttled = domain(256, 0, 1);
        throttled.setThrottle(90);
        CreditAccounting.distribute(List.of(throttled), 1, 10 * MS);
        assertThat(throttled.vcpus.get(0).credit).isEqualTo(1 * MS);
    }

    @Test
    void idleVcpusGetNothingAndCreditIsBounded() {
        SchedDomain busy = domain(256, 0, 1);
        SchedDomain idle = domain(256, 0, 1);
        idle.vcpus.get(0).state = Vcpu.State.SLEEPING;
        for (int i = 0; i < 20; i++) {
            CreditAccounting.distribute(List.of(busy, idle), 1, 10 * MS);
        }
        assertThat(idle.vcpus.get(0).credit).isZero();
        assertThat(busy.vcpus.get(0).credit).isEqualTo(CreditAccounting.CARRY_PERIODS * CreditScheduler.PERIOD_NANOS);
    }
}
