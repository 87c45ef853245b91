package org.xensv.hypervisor.embedded.sched;

/** A vCPU as the credit scheduler sees it: a schedulable entity, not a thread. */
final class Vcpu {

    enum State { RUNNABLE, RUNNING, SLEEPING, BLOCKED, PARKED, PAUSED, STOPPED }

    final SchedDomain domain;
    final int index;
    final VcpuBody body;
    State state = State.PAUSED;
    boolean queued;
    boolean wakePending;
    long credit;
    long wakeAt;
    long timerToken;

    Vcpu(SchedDomain domain, int index, VcpuBody body) {
        this.domain = domain;
        this.index = index;
        this.body = body;
    }

    /** Xen's priorities: UNDER while it has credit left, OVER once it has spent it. */
    boolean under() {
        return credit > 0;
    }

    @Override
    public String toString() {
        return domain.name() + "/vcpu" + index + "[" + state + ", credit " + credit / 1000 + " µs]";
    }
}
