package org.xensv.hypervisor.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xensv.hypervisor.migration.MigrationTestSupport.assertMovedIntact;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MigrationEngineTest {

    private final TestHost a = new TestHost("a", 1024, 4);
    private final TestHost b = new TestHost("b", 1024, 4);

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void preCopyMovesARunningGuestWithNothingLost() {
        TestGuest guest = TestGuest.boot(a, "web-1", 64, 32, 4, 5_000);
        List<MigrationProgress.Event> events = new CopyOnWriteArrayList<>();
        MigrationReport report = Migrations.start(guest, b.listener.endpoint(), MigrationOptions.defaults(), events::add).await();

        assertMovedIntact(guest, a, b, true);
        assertThat(report.mode()).isIn(MigrationMode.PRE_COPY, MigrationMode.AUTO_CONVERGE);
        assertThat(report.rounds()).isGreaterThanOrEqualTo(1);
        // round 0 sends every populated page except those already dirty again (they go in round 1)
        RoundReport round0 = report.roundReports().get(0);
        assertThat(round0.pagesSent()).isLessThanOrEqualTo(32 * 256);
        assertThat(round0.pagesSent() + round0.dirtyPages()).isGreaterThanOrEqualTo(32 * 256);
        assertThat(report.bytesOnWire()).isGreaterThan(32L << 20);
        assertThat(report.memoryChecksum()).isEqualTo(guest.pauseChecksum);
        assertThat(report.downtime()).isPositive().isLessThanOrEqualTo(report.totalTime());
        assertThat(report.prediction()).isNotNull();
        assertThat(events).anyMatch(e -> e.completedRound() != null);
        assertThat(events.get(events.size() - 1).phase()).isEqualTo(MigrationPhase.COMPLETED);
    }

    @Test
    void zeroPagesTravelAsMarkersAndUntouchedPagesNotAtAll() {
        TestGuest guest = TestGuest.boot(a, "idle-1", 128, 8, 0, 0);
        guest.pause();
        guest.memory.guestWrite(5000, (pfn, page) -> { }); // populated but zero
        guest.unpause();
        guest.setThrottle(0);
        MigrationReport report = Migrations.start(guest, b.listener.endpoint(), MigrationOptions.defaults().withLive(false), null).await();
        assertThat(report.mode()).isEqualTo(MigrationMode.STOP_AND_COPY);
        assertThat(report.bytesOnWire()).isLessThan((long) (8L * 256 * 4105 * 1.01) + 4096);
        assertMovedIntact(guest, a, b, true);
    }

    @Test
    void stopAndCopyPausesSendsAndResumes() {
        TestGuest guest = TestGuest.boot(a, "db-1", 64, 32, 16, 20_000);
        MigrationReport report = Migrations.start(guest, b.listener.endpoint(), MigrationOptions.defaults().withLive(false), null).await();
        assertThat(report.mode()).isEqualTo(MigrationMode.STOP_AND_COPY);
        assertThat(report.rounds()).isZero();
        assertThat(report.downtime()).isPositive().isLessThanOrEqualTo(report.totalTime());
        assertMovedIntact(guest, a, b, true);
    }

    @Test
    void withoutChecksumVerificationTheSourceSkipsItsPassOverMemoryAndReportsNoChecksum() {
        TestGuest guest = TestGuest.boot(a, "db-nv", 64, 32, 16, 20_000);
        MigrationReport report = Migrations.start(guest, b.listener.endpoint(),
                MigrationOptions.defaults().withLive(false).withVerifyChecksum(false), null).await();
        assertThat(report.memoryChecksum()).isZero();
        assertThat(report.verifyTime()).isZero();
        assertMovedIntact(guest, a, b, true);
    }

    @Test
    void autoConvergeThrottlesAGuestThatOutrunsTheLink() {
        TestGuest guest = TestGuest.boot(a, "db-2", 64, 32, 16, 20_000);
        MigrationOptions options = MigrationOptions.defaults().withBandwidth(20_000_000).withDowntimeTarget(Duration.ofMillis(20))
                .withAutoConverge(true).withPostCopy(false);
        MigrationReport report = Migrations.start(guest, b.listener.endpoint(), options, null).await();
        assertThat(report.maxThrottlePercent()).isGreaterThanOrEqualTo(PrecopyPolicy.THROTTLE_INITIAL);
        assertThat(report.mode()).isIn(MigrationMode.AUTO_CONVERGE, MigrationMode.STOP_AND_COPY);
        assertThat(report.throttledTime()).isPositive();
        assertMovedIntact(guest, a, b, true);
    }

    @Test
    void postCopyTakesOverWhenPreCopyCannotConverge() {
        TestGuest guest = TestGuest.boot(a, "stream-1", 64, 32, 16, 0);
        MigrationOptions options = MigrationOptions.defaults().withBandwidth(30_000_000).withDowntimeTarget(Duration.ofMillis(20))
                .withPostCopy(true);
        MigrationHandle handle = Migrations.start(guest, b.listener.endpoint(), options, null);
        assertThat(handle.prediction().converges()).isFalse();
        assertThat(handle.prediction().dirtyRateExceedsLink()).isTrue();
        MigrationReport report = handle.await();
        assertThat(report.mode()).isEqualTo(MigrationMode.POST_COPY);
        assertThat(report.pageRequests()).isPositive();
        assertThat(report.pageWaitTime()).isPositive();
        assertThat(b.guest(guest.uuid).memory.absentPages()).isZero();
        assertThat(report.memoryChecksum()).as("what the destination received = the source at the pause").isEqualTo(guest.pauseChecksum);
        assertMovedIntact(guest, a, b, false);
    }

    @Test
    void cancelAfterTheSwitchoverIsRefusedAndTheMigrationCompletes() {
        TestGuest guest = TestGuest.boot(a, "stream-2", 64, 32, 16, 0);
        MigrationOptions options = MigrationOptions.defaults().withBandwidth(50_000_000).withPostCopy(true);
        var cancelled = new java.util.concurrent.atomic.AtomicReference<Boolean>();
        var handleRef = new java.util.concurrent.atomic.AtomicReference<MigrationHandle>();
        MigrationHandle handle = Migrations.start(guest, b.listener.endpoint(), options, e -> {
            if (e.phase() == MigrationPhase.POST_COPY && cancelled.get() == null && handleRef.get() != null) {
                cancelled.set(handleRef.get().cancel());
            }
        });
        handleRef.set(handle);
        handle.await();
        assertThat(cancelled.get()).isFalse();
        assertMovedIntact(guest, a, b, false);
    }
}
