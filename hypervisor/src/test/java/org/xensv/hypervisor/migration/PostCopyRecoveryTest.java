package org.xensv.hypervisor.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xensv.hypervisor.migration.MigrationTestSupport.assertMovedIntact;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A link failure after the post-copy switch: the guest waits, loses no page, and continues when the link is back. */
class PostCopyRecoveryTest {

    private final TestHost a = new TestHost("a", 1024, 4);
    private final TestHost b = new TestHost("b", 1024, 4);

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void theGuestWaitsWhileTheLinkIsDownAndLosesNothing() throws Exception {
        TestGuest guest = TestGuest.boot(a, "stream-3", 64, 32, 32, 0);
        try (LinkProxy proxy = new LinkProxy(b.listener.endpoint())) {
            MigrationOptions options = MigrationOptions.defaults().withBandwidth(20_000_000).withDowntimeTarget(Duration.ofMillis(20))
                    .withPostCopy(true).withPostCopyRecoveryTimeout(Duration.ofSeconds(30));
            CountDownLatch cut = new CountDownLatch(1);
            AtomicBoolean once = new AtomicBoolean();
            MigrationHandle handle = Migrations.start(guest, proxy.endpoint(), options, e -> {
                if (e.phase() == MigrationPhase.POST_COPY && e.remainingBytes() > (8 << 20) && once.compareAndSet(false, true)) {
                    proxy.cut();
                    cut.countDown();
                }
            });
            assertThat(cut.await(30, TimeUnit.SECONDS)).isTrue();

            TestGuest moved = b.guest(guest.uuid);
            assertThat(moved).isNotNull();
            long absent;
            do { // pages already in flight when the link was cut may still land: let them settle
                absent = moved.memory.absentPages();
                Thread.sleep(100);
            } while (moved.memory.absentPages() != absent);
            assertThat(absent).as("memory is split across the two hosts").isPositive();
            waitUntil(() -> moved.faulting);
            assertThat(moved.faulting).as("the destination guest waits for a page").isTrue();
            assertThat(a.running()).as("the source copy does not run").isZero();
            assertThat(handle.phase()).isIn(MigrationPhase.POST_COPY, MigrationPhase.POST_COPY_RECOVERING);
            Thread.sleep(300);
            assertThat(handle.result()).isNotDone();
            assertThat(moved.memory.absentPages()).as("nothing arrives while the link is down").isEqualTo(absent);

            proxy.heal();
            MigrationReport report = handle.await();
            assertThat(report.mode()).isEqualTo(MigrationMode.POST_COPY);
            assertThat(moved.memory.absentPages()).isZero();
            assertMovedIntact(guest, a, b, false);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
    }
}
