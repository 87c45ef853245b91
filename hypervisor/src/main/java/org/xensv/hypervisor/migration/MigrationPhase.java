package org.xensv.hypervisor.migration;

/** Where a migration is. Before {@link #SWITCHOVER} a failure leaves the source running. */
public enum MigrationPhase {
    CONNECTING, PRE_COPY, STOP_AND_COPY, SWITCHOVER, POST_COPY, POST_COPY_RECOVERING, COMPLETED, FAILED, CANCELLED;

    public boolean finished() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
