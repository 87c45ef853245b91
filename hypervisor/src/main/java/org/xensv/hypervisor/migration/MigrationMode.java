package org.xensv.hypervisor.migration;

/** How a migration actually ended up moving the guest (reported beside the prediction). */
public enum MigrationMode {
    /** Pre-copy rounds converged to the downtime target. */
    PRE_COPY,
    /** Pre-copy converged only after throttling the guest's vCPUs. */
    AUTO_CONVERGE,
    /** Switched to the destination early; missing pages pulled on demand while the rest was pushed. */
    POST_COPY,
    /** Paused, copied, resumed: asked for, or the fallback when pre-copy hit its round or byte bound. */
    STOP_AND_COPY
}
