package org.xensv.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xensv.agent.shaped.LinkedNamespaces;
import org.xensv.agent.shaped.ShapedLink;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.MemoryCheckReport;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;
import org.xensv.hypervisor.migration.MigrationEndpoint;
import org.xensv.hypervisor.migration.MigrationOptions;
import org.xensv.hypervisor.migration.MigrationReport;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.MemoryCheck;
import org.xensv.hypervisor.spi.Migration;

/**
 * A running guest moves between two agent processes on two "machines" joined by a real link: two
 * network namespaces and a veth pair shaped to 1 Gbit/s by {@code tbf} on both ends, with a 2 ms
 * round trip from a delay relay (the kernel here has no {@code netem}). The console (this JVM, in
 * the root namespace) drives both agents over gRPC with mutual TLS on control veths of their own;
 * the migration stream can only cross the shaped link, and runs with the runtime's bandwidth limiter
 * off. Needs root and {@code ip netns}; skipped, saying so, without them.
 */
class ShapedLinkMigrationTest {

    private static ShapedLink link;

    @BeforeAll
    static void start() {
        String unavailable = LinkedNamespaces.unavailable();
        Assumptions.assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
        link = ShapedLink.start(512, 256);
        link.set(1_000_000_000L, Duration.ofMillis(2));
    }

    @AfterAll
    static void stop() {
        if (link != null) {
            link.close();
        }
    }

    @Test
    void aRunningGuestMovesBetweenAgentProcessesOverTheShapedLinkWithItsMemoryIntact() throws Exception {
        try (HostConnection from = link.connectA(); HostConnection to = link.connectB()) {
            DomainConfig config = DomainConfig.of("across-the-link", 1, 128)
                    .withWorkload(new WorkloadSpec(WorkloadKind.DATABASE, 64, 16, 2_000, 7));
            from.lifecycle().define(config);
            from.lifecycle().start(config.uuid());
            Migration migration = from.require(Migration.class, "migration");
            TestHostsWait.until("the guest filled its memory",
                    () -> migration.predict(config.uuid(), MigrationOptions.defaults()).nonZeroBytes() >= 64L << 20);

            MigrationEndpoint endpoint = to.require(Migration.class, "migration").receiveEndpoint();
            assertThat(endpoint.host()).as("the destination advertises its link address").isEqualTo(link.namespaces().linkB);
            long crossedBefore = link.namespaces().bytesSentAToB();
            MigrationReport report = migration.migrate(config.uuid(), endpoint, MigrationOptions.defaults().withBandwidth(0), null).await();
            long crossed = link.namespaces().bytesSentAToB() - crossedBefore;

            assertThat(report.domain()).isEqualTo(config.uuid());
            assertThat(report.memoryChecksum()).as("the destination's checksum of what it received matched the source's").isNotZero();
            assertThat(crossed).as("bytes the shaped veth carried from a to b, against the stream's " + report.bytesOnWire())
                    .isGreaterThanOrEqualTo(report.bytesOnWire());
            assertThat(link.namespaces().qdiscA()).contains("tbf").contains("rate 1Gbit");
            assertThat(from.lifecycle().list()).extracting(i -> i.uuid()).doesNotContain(config.uuid());
            assertThat(to.lifecycle().info(config.uuid()).powerState()).isEqualTo(PowerState.RUNNING);
            MemoryCheckReport check = to.require(MemoryCheck.class, "memory check").checkMemory(config.uuid());
            assertThat(check.failures()).isEmpty();
            assertThat(check.validPages()).isPositive();
            TestAgents.empty(to);
        }
    }
}
