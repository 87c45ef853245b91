package org.xensv.hypervisor.migration;

import static org.assertj.core.api.Assertions.assertThat;

import org.xensv.hypervisor.embedded.workload.WorkloadInvariant;

/** Checks shared by the migration tests. */
final class MigrationTestSupport {

    private MigrationTestSupport() {
    }

    /** The VM runs on {@code dest} only, with memory equal to the source's at the pause and the invariant intact. */
    static void assertMovedIntact(TestGuest source, TestHost from, TestHost dest, boolean checkPauseChecksum) {
        TestGuest moved = dest.guest(source.uuid);
        assertThat(moved).as("the VM on the destination").isNotNull();
        assertThat(from.domains).as("the source host holds nothing of the VM").doesNotContainKey(source.uuid);
        assertThat(from.running() + dest.running()).as("running instances").isEqualTo(1);
        if (checkPauseChecksum) {
            assertThat(moved.startChecksum).as("destination memory at resume = source memory at pause").isEqualTo(source.pauseChecksum);
        }
        moved.pause();
        assertThat(WorkloadInvariant.verify(moved.memory, moved.state()).failures()).as("invariant on the destination now").isEmpty();
        moved.unpause();
    }

    /** The migration failed, the VM runs on at the source with its memory intact, the destination holds nothing. */
    static MigrationFailedException assertSourceRunsOn(MigrationHandle handle, TestGuest source, TestHost from, TestHost dest) {
        MigrationFailedException failure = null;
        try {
            handle.await();
        } catch (MigrationFailedException e) {
            failure = e;
        }
        assertThat(failure).as("the migration fails").isNotNull();
        assertThat(failure.code()).isEqualTo("MIGRATION_FAILED");
        assertThat(failure.sourceRunning()).isTrue();
        assertThat(failure.getMessage()).contains(source.name).contains("keeps running");
        assertThat(from.guest(source.uuid)).isSameAs(source);
        assertThat(source.running()).as("source running").isTrue();
        assertThat(source.throttle()).isZero();
        assertThat(source.memory.logDirtyEnabled()).isFalse();
        waitUntilEmpty(dest);
        assertThat(dest.domains).as("the destination holds nothing").isEmpty();
        source.pause();
        assertThat(WorkloadInvariant.verify(source.memory, source.state()).failures()).isEmpty();
        source.unpause();
        return failure;
    }

    /** The destination discards on its own thread when it sees the stream end: give it a moment. */
    static void waitUntilEmpty(TestHost dest) {
        long deadline = System.currentTimeMillis() + 5_000;
        while (!dest.domains.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
