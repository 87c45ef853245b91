package org.xensv.hypervisor.embedded.sched;

import java.util.List;

/**
 * The arithmetic of Xen's csched_acct: shares pCPU time among the active domains by weight,
 * bounded by each domain's cap, and splits a domain's share among its active vCPUs.
 */
final class CreditAccounting {

    /**
     * Credit (or debt) an active vCPU may carry across accountings, in periods. Wider than Xen's
     * one tick because our pCPUs are threads the host OS can preempt for several periods in the
     * middle of a step; a tight clamp would forgive or forfeit that time and skew the shares.
     */
    static final long CARRY_PERIODS = 5;

    private CreditAccounting() {
    }

    /** Hands out {@code pcpus * elapsed} nanoseconds of credit. Call with the scheduler lock held. */
    static void distribute(List<SchedDomain> domains, int pcpus, long elapsed) {
        long totalWeight = 0;
        for (SchedDomain d : domains) {
            totalWeight += (long) d.weight * activeVcpus(d);
        }
        long creditTotal = pcpus * elapsed;
        long bound = CARRY_PERIODS * CreditScheduler.PERIOD_NANOS;
        for (SchedDomain d : domains) {
            int active = activeVcpus(d);
            d.ranThisPeriod = 0;
            if (active == 0 || totalWeight == 0) {
                continue;
            }
            long fair = creditTotal * d.weight * active / totalWeight;
            int cap = d.effectiveCapPercent(active);
            if (cap > 0) {
                fair = Math.min(fair, elapsed * cap / 100);
            }
            long perVcpu = fair / active;
            for (Vcpu v : d.vcpus) {
                if (isActive(v)) {
                    v.credit = Math.max(-bound, Math.min(bound, v.credit + perVcpu));
                }
            }
        }
    }

    static int activeVcpus(SchedDomain d) {
        int n = 0;
        for (Vcpu v : d.vcpus) {
            if (isActive(v)) {
                n++;
            }
        }
        return n;
    }

    static boolean isActive(Vcpu v) {
        return v.state == Vcpu.State.RUNNABLE || v.state == Vcpu.State.RUNNING || v.state == Vcpu.State.PARKED;
    }
}
