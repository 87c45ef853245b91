package org.xensv.hypervisor.migration;

import org.xensv.hypervisor.api.HypervisorException;

/**
 * A migration did not complete. {@link #reason()} says why in words a person can act on;
 * {@link #sourceRunning()} says whether the VM runs on at the source (true for every failure
 * before the switchover) and {@link #phase()} where it failed.
 */
public final class MigrationFailedException extends HypervisorException {

    public static final String CODE = "MIGRATION_FAILED";

    private final String reason;
    private final MigrationPhase phase;
    private final boolean sourceRunning;

    public MigrationFailedException(String vm, String destination, MigrationPhase phase, String reason, boolean sourceRunning, Throwable cause) {
        super(CODE, named("vm", vm, "destination", destination, "phase", phase.name(), "reason", reason, "sourceRunning", sourceRunning),
                "Migration of VM '" + vm + "' to " + destination + " failed during " + phase.name().toLowerCase().replace('_', ' ')
                        + ": " + reason + (sourceRunning ? " The VM keeps running on its source host." : ""),
                cause);
        this.reason = reason;
        this.phase = phase;
        this.sourceRunning = sourceRunning;
    }

    public String reason() {
        return reason;
    }

    public MigrationPhase phase() {
        return phase;
    }

    public boolean sourceRunning() {
        return sourceRunning;
    }

    /** True when the migration was cancelled by the user. */
    public boolean cancelled() {
        return phase == MigrationPhase.CANCELLED || reason.startsWith("cancelled");
    }
}
