package org.xensv.hypervisor.migration;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** A migration under way. */
public interface MigrationHandle {

    UUID migrationId();

    /** What the pre-copy model predicted before the migration started. */
    MigrationPrediction prediction();

    MigrationPhase phase();

    /**
     * Asks the migration to stop. Before the switchover it stops: the destination copy is discarded,
     * the source runs on, and the result fails as cancelled; returns true. After the switchover (the
     * destination runs the guest) it is too late: returns false and the migration completes.
     */
    boolean cancel();

    /** Completes with the report, or exceptionally with a {@link MigrationFailedException}. */
    CompletableFuture<MigrationReport> result();

    /** Waits for the report; throws the {@link MigrationFailedException} if it failed. */
    default MigrationReport await() {
        try {
            return result().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    default MigrationReport await(Duration timeout) throws java.util.concurrent.TimeoutException {
        try {
            return result().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for migration " + migrationId(), e);
        }
    }
}
