package org.xensv.hypervisor.api;

/** A domain's power state, as in xapi. */
public enum PowerState {
    HALTED, RUNNING, PAUSED, SUSPENDED;

    public String label() {
        return name().toLowerCase();
    }
}
