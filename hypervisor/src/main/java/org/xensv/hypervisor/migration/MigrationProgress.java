package org.xensv.hypervisor.migration;

/**
 * Told what a migration does: at the end of every round (with its {@link RoundReport}) and about
 * every 100 ms in between, for a live chart. Called on the migration's thread: return quickly.
 */
@FunctionalInterface
public interface MigrationProgress {

    MigrationProgress NONE = event -> { };

    void onProgress(Event event);

    /**
     * @param bytesSent        stream bytes so far
     * @param remainingBytes   the data still to send as far as is known now (dirty pages, or unsent pages of round 0)
     * @param dirtyBytesPerSec the guest's dirty rate over the current round so far
     * @param completedRound   set when a round just ended, else null
     */
    record Event(MigrationPhase phase, int round, long bytesSent, long remainingBytes, double dirtyBytesPerSec,
                 int throttlePercent, long elapsedNanos, RoundReport completedRound) {
    }
}
