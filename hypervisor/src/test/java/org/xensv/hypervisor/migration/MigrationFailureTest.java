package org.xensv.hypervisor.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xensv.hypervisor.migration.MigrationTestSupport.assertSourceRunsOn;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The failure rule: on any failure before the switchover the source runs on and the destination holds nothing. */
class MigrationFailureTest {

    private final TestHost a = new TestHost("a", 1024, 4);
    private final TestHost b = new TestHost("b", 1024, 4);
    private LinkProxy proxy;

    @AfterEach
    void close() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        a.close();
        b.close();
    }

    /** 32 MiB at 40 MB/s with a dirtying guest and a 1 ms target: several rounds, then stop-and-copy. */
    private static MigrationOptions slowLink() {
        return MigrationOptions.defaults().withBandwidth(40_000_000).withDowntimeTarget(Duration.ofMillis(1)).withMaxRounds(4)
                .withAutoConverge(false);
    }

    private TestGuest guest() {
        return TestGuest.boot(a, "vm-1", 64, 32, 8, 5_000);
    }

    /** Starts a migration through the proxy and runs {@code action} once on the first event matching {@code when}. */
    private MigrationHandle migrate(TestGuest guest, MigrationOptions options, Predicate<MigrationProgress.Event> when,
                                    BiConsumer<MigrationHandle, MigrationProgress.Event> action) throws Exception {
        proxy = new LinkProxy(b.listener.endpoint());
        AtomicReference<MigrationHandle> ref = new AtomicReference<>();
        AtomicBoolean fired = new AtomicBoolean();
        MigrationHandle handle = Migrations.start(guest, proxy.endpoint(), options, e -> {
            while (ref.get() == null) {
                Thread.onSpinWait();
            }
            if (when.test(e) && fired.compareAndSet(false, true)) {
                action.accept(ref.get(), e);
            }
        });
        ref.set(handle);
        return handle;
    }

    /**
     * Stream version 3 added the flow window (SYNC/SYNCED): a version-2 source would never send SYNC and a
     * version-2 destination would refuse it mid-stream, so the header check refuses the other version at
     * once, naming both, and the destination creates nothing.
     */
    @Test
    void aSourceOfAnotherStreamVersionIsRefusedNamingBothVersions() throws Exception {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(b.listener.endpoint().address(), 5_000);
            StreamWriter writer = StreamWriter.on(socket, null);
            writer.write(RecordType.HEADER, StreamWriter.payload(out -> {
                out.writeLong(MigrationSender.MAGIC);
                out.writeInt(2);
                out.writeInt(0);
                out.writeLong(1);
                out.writeLong(2);
            }));
            StreamReader.Record reply = StreamReader.on(socket, "destination").read();
            assertThat(reply.type()).isEqualTo(RecordType.ERROR);
            var in = reply.data();
            assertThat(in.readUTF()).isEqualTo("MIGRATION_INCOMPATIBLE");
            assertThat(in.readUTF()).isEqualTo("host b speaks migration stream version 3, the source sent version 2");
        }
        assertThat(b.domains).isEmpty();
    }

    @Test
    void connectionCutInRound0() throws Exception {
        TestGuest guest = guest();
        MigrationHandle handle = migrate(guest, slowLink(), e -> e.phase() == MigrationPhase.PRE_COPY && e.round() == 0 && e.bytesSent() > (4 << 20),
                (h, e) -> proxy.cut());
        var failure = assertSourceRunsOn(handle, guest, a, b);
        assertThat(failure.phase()).isEqualTo(MigrationPhase.PRE_COPY);
        assertThat(failure.reason()).containsAnyOf("connection", "Broken pipe", "reset", "lost", "closed");
    }

    @Test
    void connectionCutInALaterRound() throws Exception {
        TestGuest guest = guest();
        MigrationHandle handle = migrate(guest, slowLink(), e -> e.completedRound() != null && e.completedRound().round() == 1,
                (h, e) -> proxy.cut());
        var failure = assertSourceRunsOn(handle, guest, a, b);
        assertThat(failure.phase()).isIn(MigrationPhase.PRE_COPY, MigrationPhase.STOP_AND_COPY);
    }

    @Test
    void connectionCutDuringStopAndCopyResumesTheSource() throws Exception {
        TestGuest guest = guest();
        MigrationHandle handle = migrate(guest, slowLink(), e -> e.phase() == MigrationPhase.STOP_AND_COPY, (h, e) -> proxy.cut());
        var failure = assertSourceRunsOn(handle, guest, a, b);
        assertThat(failure.phase()).isEqualTo(MigrationPhase.STOP_AND_COPY);
    }

    @Test
    void destinationHostGoneMidway() throws Exception {
        TestGuest guest = guest();
        MigrationHandle handle = migrate(guest, slowLink(), e -> e.completedRound() != null, (h, e) -> b.listener.close());
        assertSourceRunsOn(handle, guest, a, b);
    }

    @Test
    void destinationUnreachable() throws Exception {
        TestGuest guest = guest();
        MigrationEndpoint nowhere = b.listener.endpoint();
        b.listener.close();
        var failure = assertSourceRunsOn(Migrations.start(guest, nowhere, slowLink(), null), guest, a, b);
        assertThat(failure.reason()).contains("cannot reach the destination's migration endpoint");
    }

    @Test
    void destinationRefusesForLackOfMemory() {
        try (TestHost small = new TestHost("small", 32, 4)) {
            TestGuest guest = guest();
            var failure = assertSourceRunsOn(Migrations.start(guest, small.listener.endpoint(), slowLink(), null), guest, a, small);
            assertThat(failure.reason()).contains("the destination refused").contains("memory").contains("64 MiB");
        }
    }

    @Test
    void destinationRefusesAnIncompatibleDomain() {
        try (TestHost tiny = new TestHost("tiny", 1024, 0)) {
            TestGuest guest = guest();
            var failure = assertSourceRunsOn(Migrations.start(guest, tiny.listener.endpoint(), slowLink(), null), guest, a, tiny);
            assertThat(failure.reason()).contains("the destination refused").contains("CPUs");
        }
    }

    @Test
    void aCorruptedRecordAbortsTheMigration() throws Exception {
        TestGuest guest = guest();
        MigrationHandle handle = migrate(guest, slowLink(), e -> true, (h, e) -> { });
        proxy.corruptByteAt(1_000_000);
        var failure = assertSourceRunsOn(handle, guest, a, b);
        assertThat(failure.reason()).contains("CRC32C");
    }

    @Test
    void aMemoryMismatchFoundAfterTheResumeRollsBackToTheSource() {
        TestGuest guest = guest();
        guest.loseAWriteAtPause = true;
        // pre-copy to its stop-and-copy: a post-copy switch (which a loaded machine's slow rounds can bring) would push
        // page 0 again after the pause whenever the guest had dirtied it, with the lost write, and so hide the loss
        MigrationHandle handle = Migrations.start(guest, b.listener.endpoint(), MigrationOptions.defaults().withPostCopy(false), null);
        var failure = assertSourceRunsOn(handle, guest, a, b);
        assertThat(failure.reason()).contains("differs from the source's at the pause").contains("destination destroyed its copy");
        assertThat(b.listener.openSessions()).isZero();
    }

    enum CancelPoint { AT_ONCE, ROUND_0, LATER_ROUND, STOP_AND_COPY }

    @ParameterizedTest
    @EnumSource(CancelPoint.class)
    void cancelInEachPhase(CancelPoint point) throws Exception {
        TestGuest guest = guest();
        Predicate<MigrationProgress.Event> when = switch (point) {
            case AT_ONCE -> e -> false;
            case ROUND_0 -> e -> e.phase() == MigrationPhase.PRE_COPY && e.round() == 0 && e.bytesSent() > (1 << 20);
            case LATER_ROUND -> e -> e.completedRound() != null && e.completedRound().round() == 1;
            case STOP_AND_COPY -> e -> e.phase() == MigrationPhase.STOP_AND_COPY;
        };
        AtomicReference<Boolean> accepted = new AtomicReference<>();
        MigrationHandle handle = migrate(guest, slowLink(), when, (h, e) -> accepted.set(h.cancel()));
        if (point == CancelPoint.AT_ONCE) {
            accepted.set(handle.cancel());
        }
        var failure = assertSourceRunsOn(handle, guest, a, b);
        assertThat(accepted.get()).isTrue();
        assertThat(failure.cancelled()).isTrue();
        assertThat(failure.reason()).contains("cancelled");
        assertThat(handle.phase()).isEqualTo(MigrationPhase.CANCELLED);
    }
}
