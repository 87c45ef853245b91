package org.xensv.hypervisor.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.CrashAction;
import org.xensv.hypervisor.api.DiskConfig;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.SuspendImageException;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.memory.DirtyPages;
import org.xensv.hypervisor.embedded.persist.SuspendImage;
import org.xensv.hypervisor.embedded.workload.WorkloadInvariant;
import org.xensv.hypervisor.spi.DomainEvents;
import org.xensv.hypervisor.spi.DomainFaults;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.StatsSource;

class EmbeddedDomainTest {

    private final String hostName = TestHosts.uniqueName("dom");
    private final HostConnection conn = TestHosts.connect(hostName, 2, 4096);
    private final EmbeddedHost host = EmbeddedRuntime.existing(hostName);

    @AfterEach
    void removeHost() {
        conn.close();
        EmbeddedRuntime.remove(hostName);
    }

    private EmbeddedDomain started(DomainConfig config) {
        conn.lifecycle().define(config);
        conn.lifecycle().start(config.uuid());
        EmbeddedDomain domain = host.domain(config.uuid());
        long fill = config.workload().fitTo(config.memory()).fillMiB() * 256;
        TestHosts.await("boot", () -> domain.memory().pageWritesTotal() >= fill);
        return domain;
    }

    @Test
    void whilePausedMemoryAndCpuTimeStandStill() throws InterruptedException {
        EmbeddedDomain domain = started(TestHosts.small("streamer", WorkloadKind.STREAMER, 64, 16));
        long writes = domain.memory().pageWritesTotal();
        TestHosts.await("streaming", () -> domain.memory().pageWritesTotal() > writes + 10_000);
        domain.pause();
        long checksum = domain.memory().checksum();
        long cpu = domain.cpuTimeNanos();
        long pausedWrites = domain.memory().pageWritesTotal();
        Thread.sleep(50);
        assertThat(domain.memory().pageWritesTotal()).isEqualTo(pausedWrites);
        assertThat(domain.memory().checksum()).isEqualTo(checksum);
        assertThat(domain.cpuTimeNanos()).isEqualTo(cpu);
        assertThat(WorkloadInvariant.verify(domain.memory(), domain.captureState()).failures()).isEmpty();
        domain.unpause();
        TestHosts.await("streaming again", () -> domain.memory().pageWritesTotal() > pausedWrites + 1000);
    }

    @Test
    void logDirtySeesExactlyThePagesTheGuestWrote() {
        EmbeddedDomain domain = started(TestHosts.small("db", WorkloadKind.DATABASE, 64, 16).withWorkload(
                new org.xensv.hypervisor.api.WorkloadSpec(WorkloadKind.DATABASE, 16, 4, 50_000, 9)));
        var memory = domain.memory();
        memory.enableLogDirty();
        TestHosts.await("dirty pages", () -> memory.dirtyCount() > 100);
        domain.pause();
        var before = domain.captureState();
        DirtyPages dirty = memory.readAndClearDirty();
        assertThat(dirty.count()).isPositive();
        dirty.forEach(pfn -> assertThat(pfn).isLessThan(4 * 256));
        assertThat(memory.readAndClearDirty().isEmpty()).isTrue();
        domain.unpause();
        TestHosts.await("more dirty pages", () -> memory.dirtyCount() > 10);
        domain.pause();
        assertThat(domain.captureState().expectedGenerationSum()).isGreaterThan(before.expectedGenerationSum());
    }

    @Test
    void suspendAndResumeKeepEveryPage() throws Exception {
        DomainConfig config = TestHosts.small("web", WorkloadKind.WEB, 128, 16);
        EmbeddedDomain domain = started(config);
        TestHosts.await("serving", () -> domain.memory().pageWritesTotal() > 4096 + 2000);
        conn.lifecycle().suspend(config.uuid());
        assertThat(domain.memory()).isNull();
        Path image = host.directory().resolve(config.uuid() + ".suspend");
        var contents = SuspendImage.read(image);
        assertThat(WorkloadInvariant.verify(contents.memory(), contents.state()).failures()).isEmpty();
        assertThat(Files.size(image)).isLessThan(20L << 20);
        conn.lifecycle().resume(config.uuid());
        assertThat(domain.state()).isEqualTo(PowerState.RUNNING);
        domain.pause();
        var state = domain.captureState();
        assertThat(state.expectedGenerationSum()).isGreaterThanOrEqualTo(contents.state().expectedGenerationSum());
        assertThat(WorkloadInvariant.verify(domain.memory(), state).failures()).isEmpty();
        assertThat(domain.readConsole(10_000)).contains("PM: resumed");
        assertThat(Files.exists(image)).isFalse();
    }

    @Test
    void aCorruptSuspendImageIsRefusedAndTheDomainStaysSuspended() throws Exception {
        DomainConfig config = TestHosts.small("victim", WorkloadKind.IDLE, 64, 4);
        started(config);
        conn.lifecycle().suspend(config.uuid());
        Path image = host.directory().resolve(config.uuid() + ".suspend");
        try (var file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek(file.length() / 2);
            int b = file.read();
            file.seek(file.length() / 2);
            file.write(b ^ 0x40);
        }
        assertThatThrownBy(() -> conn.lifecycle().resume(config.uuid())).isInstanceOf(SuspendImageException.class);
        assertThat(conn.lifecycle().info(config.uuid()).powerState()).isEqualTo(PowerState.SUSPENDED);
    }

    @Test
    void aCrashFollowsOnCrashAndIsAnnounced() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        try (var sub = conn.require(DomainEvents.class, "events").subscribe((uuid, st, reason) -> events.add(st + " " + reason))) {
            var faults = conn.require(DomainFaults.class, "faults");
            DomainConfig destroy = TestHosts.small("c-destroy", WorkloadKind.IDLE, 64, 1).withOnCrash(CrashAction.DESTROY);
            DomainConfig restart = TestHosts.small("c-restart", WorkloadKind.IDLE, 64, 1).withOnCrash(CrashAction.RESTART);
            DomainConfig preserve = TestHosts.small("c-preserve", WorkloadKind.IDLE, 64, 1).withOnCrash(CrashAction.PRESERVE);
            for (DomainConfig c : List.of(destroy, restart, preserve)) {
                started(c);
                faults.injectCrash(c.uuid(), "test");
            }
            assertThat(conn.lifecycle().info(destroy.uuid()).powerState()).isEqualTo(PowerState.HALTED);
            assertThat(conn.lifecycle().info(restart.uuid()).powerState()).isEqualTo(PowerState.RUNNING);
            assertThat(conn.lifecycle().info(preserve.uuid()).powerState()).isEqualTo(PowerState.PAUSED);
            assertThat(host.domain(preserve.uuid()).memory()).isNotNull();
            assertThat(events).hasSize(3).allMatch(e -> e.contains("crashed"));
            assertThat(host.domain(restart.uuid()).readConsole(10_000)).contains("Kernel panic");
        }
    }

    @Test
    void rebootStartsAFreshBoot() {
        DomainConfig config = TestHosts.small("rebooter", WorkloadKind.WEB, 64, 4);
        EmbeddedDomain domain = started(config);
        TestHosts.await("serving", () -> domain.memory().pageWritesTotal() > 2000);
        conn.lifecycle().cleanReboot(config.uuid());
        TestHosts.await("booted twice", () -> domain.readConsole(20_000).split("Boot complete", -1).length == 3);
        domain.pause();
        assertThat(WorkloadInvariant.verify(domain.memory(), domain.captureState()).failures()).isEmpty();
    }

    @Test
    void devicesCarryTrafficAndShowInStats() {
        DomainConfig web = TestHosts.small("web-nic", WorkloadKind.WEB, 64, 8)
                .withNics(List.of(NicConfig.of("00:16:3e:00:10:01", 10)));
        DomainConfig db = TestHosts.small("db-disk", WorkloadKind.DATABASE, 64, 8)
                .withDisks(List.of(DiskConfig.ofSize(16)));
        started(web);
        EmbeddedDomain database = started(db);
        var stats = conn.require(StatsSource.class, "stats");
        TestHosts.await("responses sent", () -> stats.domainStats(web.uuid()).netTxPackets() > 10);
        TestHosts.await("log commits", () -> stats.domainStats(db.uuid()).diskOps() > 10);
        assertThat(host.vswitch().uplinkBytes(10)).isPositive();
        database.pause(); // its counters stand still, so bytes and operations are read at one moment
        var disk = stats.domainStats(db.uuid());
        assertThat(disk.diskWriteBytes()).isEqualTo(4096 * disk.diskOps());
        database.unpause();
        var hostStats = stats.hostStats();
        assertThat(hostStats.runningDomains()).isEqualTo(2);
        assertThat(hostStats.busyNanos()).isPositive();
        assertThat(hostStats.memoryUsedMiB()).isEqualTo(128);
        conn.lifecycle().hardShutdown(db.uuid());
        conn.lifecycle().undefine(db.uuid());
        assertThat(host.directory().resolve(db.uuid() + "-disk0.img")).doesNotExist();
    }

    @Test
    void aThrottleSlowsARateLimitedGuest() throws InterruptedException {
        EmbeddedDomain domain = started(TestHosts.small("throttled-web", WorkloadKind.WEB, 64, 8));
        Thread.sleep(100);
        long w0 = domain.memory().pageWritesTotal();
        long t0 = System.nanoTime();
        Thread.sleep(300);
        double full = (domain.memory().pageWritesTotal() - w0) / (double) (System.nanoTime() - t0);
        domain.setThrottle(75);
        Thread.sleep(100);
        long w1 = domain.memory().pageWritesTotal();
        long t1 = System.nanoTime();
        Thread.sleep(300);
        double slowed = (domain.memory().pageWritesTotal() - w1) / (double) (System.nanoTime() - t1);
        assertThat(slowed / full).as("dirty rate under a 75% throttle, relative").isBetween(0.1, 0.45);
        domain.setThrottle(0);
    }

    @Test
    void aDuplicateMacIsRefusedAtStartAndTheDomainStaysHalted() {
        NicConfig nic = NicConfig.of("00:16:3e:00:20:01", 10);
        started(TestHosts.small("first", WorkloadKind.IDLE, 16, 1).withNics(List.of(nic)));
        DomainConfig second = TestHosts.small("second", WorkloadKind.IDLE, 16, 1).withNics(List.of(nic));
        conn.lifecycle().define(second);
        assertThatThrownBy(() -> conn.lifecycle().start(second.uuid()))
                .isInstanceOf(org.xensv.hypervisor.api.InvalidValueException.class)
                .hasMessageContaining("already in use");
        assertThat(conn.lifecycle().info(second.uuid()).powerState()).isEqualTo(PowerState.HALTED);
        assertThat(host.stats().runningDomains()).isEqualTo(1);
    }

    @Test
    void manyDomainsShareThePcpuThreads() {
        for (int i = 0; i < 50; i++) {
            started(TestHosts.small("many-" + i, WorkloadKind.IDLE, 16, 1));
        }
        long workers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("xensv-" + hostName + "-pcpu")).count();
        assertThat(workers).isEqualTo(2);
    }
}
