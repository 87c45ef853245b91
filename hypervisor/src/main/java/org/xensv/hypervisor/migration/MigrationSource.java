package org.xensv.hypervisor.migration;

import java.util.UUID;
import org.xensv.hypervisor.memory.GuestMemory;

/**
 * The running domain a migration copies, as the engine sees it (implemented by each runtime's
 * adapter). The engine calls {@link #pause()}, then either {@link #handedOver()} once the
 * destination runs the guest, or {@link #unpause()} when the migration fails before that.
 */
public interface MigrationSource {

    UUID uuid();

    String name();

    /** The domain's config, encoded for the destination's {@link MigrationTarget}. */
    byte[] config();

    GuestMemory memory();

    /** The VM's host-local disk images, which travel with it (none by default). */
    default java.util.List<MigratingDisk> disks() {
        return java.util.List.of();
    }

    /** Stops every vCPU at a safe point; returns once none runs. */
    void pause();

    void unpause();

    /**
     * The CPU time the guest's vCPUs have consumed so far, or -1 where the runtime does not say. On a
     * link the processor bounds, what the vCPUs take in a round is what the pause gives back to the
     * stop-and-copy (see {@link PrecopyPolicy#pauseRate}).
     */
    default long cpuTimeNanos() {
        return -1;
    }

    /** Auto-converge: withhold this percentage (0..99) of every vCPU's time. */
    void setThrottle(int percent);

    /** The vCPU and workload state; called while paused. */
    byte[] captureState();

    /** The destination runs the guest now: destroy this copy (called at most once). */
    void handedOver();
}
