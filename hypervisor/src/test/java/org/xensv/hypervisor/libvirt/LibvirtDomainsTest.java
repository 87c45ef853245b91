package org.xensv.hypervisor.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.CpuQos;
import org.xensv.hypervisor.api.DiskConfig;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.OperationNotSupportedException;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.RateLimit;
import org.xensv.hypervisor.spi.ConsoleAccess;
import org.xensv.hypervisor.spi.ConsoleInput;
import org.xensv.hypervisor.spi.DomainEventListener;
import org.xensv.hypervisor.spi.DomainEvents;
import org.xensv.hypervisor.spi.DomainNics;
import org.xensv.hypervisor.spi.DomainTuning;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.ManagedSave;
import org.xensv.hypervisor.spi.Migration;
import org.xensv.hypervisor.spi.StatsSource;

/** What the libvirt driver does beyond the contract, against libvirt's test driver. */
class LibvirtDomainsTest {

    private HostConnection connection;

    @BeforeEach
    void open() {
        connection = TestDriver.connect();
        TestDriver.empty(connection); // shared by the process: other tests' domains, or the predefined "test"
    }

    @AfterEach
    void close() {
        TestDriver.empty(connection);
        connection.close();
    }

    private DomainConfig withDevices(String name) {
        return DomainConfig.of(name, 1, 128)
                .withNics(List.of(NicConfig.of("52:54:00:12:34:56", 1)))
                .withDisks(List.of(new DiskConfig("/var/lib/libvirt/images/" + name + ".img", 1024, 0, 0)));
    }

    @Test
    void theHostSaysWhatItIs() {
        var info = connection.hostInfo();
        assertThat(info.hypervisor()).isEqualTo("TEST");
        assertThat(info.version()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(info.pcpus()).isPositive();
        assertThat(info.memoryMiB()).isPositive();
    }

    @Test
    void aDomainDefinedBehindTheConsolesBackIsListedAndReadAsWellAsItsXmlSays() throws Exception {
        UUID uuid = UUID.randomUUID();
        // as `virsh define` would: no xensv metadata, memory in KiB, a NIC with no VLAN
        ((LibvirtConnection) connection).connect().domainDefineXML("""
                <domain type='test'>
                  <name>by-virsh</name>
                  <uuid>%s</uuid>
                  <memory>262144</memory>
                  <vcpu>2</vcpu>
                  <os><type>hvm</type></os>
                  <devices><interface type='network'><mac address='52:54:00:aa:bb:cc'/><source network='default'/></interface></devices>
                </domain>""".formatted(uuid));
        assertThat(connection.lifecycle().list()).extracting(d -> d.name()).containsExactly("by-virsh");
        DomainConfig config = connection.lifecycle().config(uuid);
        assertThat(config.name().value()).isEqualTo("by-virsh");
        assertThat(config.memory().value()).isEqualTo(256);
        assertThat(config.vcpus().value()).isEqualTo(2);
        assertThat(config.nics()).containsExactly(NicConfig.of("52:54:00:aa:bb:cc", 1));
        assertThat(connection.lifecycle().info(uuid).powerState()).isEqualTo(PowerState.HALTED);
    }

    @Test
    void domainEventsArePushedAsPowerStates() throws Exception {
        DomainConfig config = withDevices("evented");
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try (AutoCloseable subscription = connection.require(DomainEvents.class, "events").subscribe(
                (uuid, state, reason) -> {
                    if (uuid.equals(config.uuid())) {
                        seen.add(state.name());
                    }
                })) {
            connection.lifecycle().define(config);
            connection.lifecycle().start(config.uuid());
            connection.lifecycle().pause(config.uuid());
            connection.lifecycle().unpause(config.uuid());
            connection.lifecycle().suspend(config.uuid());
            connection.lifecycle().resume(config.uuid());
            connection.lifecycle().hardShutdown(config.uuid());
            // started, suspended (paused), resumed, stopped (saved), started (restored), stopped (destroyed)
            List<String> expected = List.of("RUNNING", "PAUSED", "RUNNING", "SUSPENDED", "RUNNING", "HALTED");
            for (String state : expected) {
                assertThat(seen.poll(60, TimeUnit.SECONDS)).as("event after %s", seen).isEqualTo(state);
            }
        }
    }

    @Test
    void definedAndUndefinedArePushedAsChangesOfTheDomainList() throws Exception {
        DomainConfig config = withDevices("listed");
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try (AutoCloseable subscription = connection.require(DomainEvents.class, "events").subscribe(new DomainEventListener() {
            @Override
            public void powerStateChanged(UUID uuid, PowerState state, String reason) {
            }

            @Override
            public void domainListChanged(UUID uuid, String reason) {
                if (uuid.equals(config.uuid())) {
                    seen.add(reason);
                }
            }
        })) {
            connection.lifecycle().define(config);
            assertThat(seen.poll(60, TimeUnit.SECONDS)).as("after define").startsWith("defined");
            connection.lifecycle().undefine(config.uuid());
            assertThat(seen.poll(60, TimeUnit.SECONDS)).as("after undefine").startsWith("undefined");
        }
    }

    @Test
    void cpuWeightAndCapGoToTheConfigAndTheLiveWeightToTheScheduler() {
        DomainConfig config = withDevices("tuned");
        connection.lifecycle().define(config);
        DomainTuning tuning = connection.require(DomainTuning.class, "tuning");
        tuning.setCpuQos(config.uuid(), new CpuQos(512, 50));
        assertThat(connection.lifecycle().config(config.uuid()).cpuQos()).isEqualTo(new CpuQos(512, 50));
        connection.lifecycle().start(config.uuid());
        tuning.setCpuQos(config.uuid(), new CpuQos(1024, 0));
        assertThat(connection.lifecycle().config(config.uuid()).cpuQos()).isEqualTo(new CpuQos(1024, 0));
        // the test driver's "fair" scheduler has a weight and no cap: refused, not faked
        assertThatThrownBy(() -> tuning.setCpuQos(config.uuid(), new CpuQos(256, 20)))
                .isInstanceOf(HypervisorException.class)
                .satisfies(e -> assertThat(((HypervisorException) e).code()).isEqualTo("OPERATION_NOT_SUPPORTED"))
                .hasMessageContaining("cap");
        assertThat(connection.lifecycle().config(config.uuid()).cpuQos()).isEqualTo(new CpuQos(1024, 0));
    }

    @Test
    void nicsArePluggedInTheConfigOfAHaltedDomainAndTheTestDriverRefusesHotPlugSayingSo() {
        DomainConfig config = withDevices("plugged");
        connection.lifecycle().define(config);
        DomainNics nics = connection.require(DomainNics.class, "NIC plug");
        nics.plugNic(config.uuid(), NicConfig.of("52:54:00:12:34:57", 1).withRate("10Mb/s"));
        assertThat(connection.lifecycle().config(config.uuid()).nics()).extracting(NicConfig::mac)
                .containsExactly("52:54:00:12:34:56", "52:54:00:12:34:57");
        assertThatThrownBy(() -> nics.plugNic(config.uuid(), NicConfig.of("52:54:00:12:34:57", 1)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("mac").hasMessageContaining("already");
        nics.unplugNic(config.uuid(), "52:54:00:12:34:57");
        assertThatThrownBy(() -> nics.unplugNic(config.uuid(), "52:54:00:12:34:57"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("is not a NIC");
        assertThat(connection.lifecycle().config(config.uuid()).nics()).extracting(NicConfig::mac).containsExactly("52:54:00:12:34:56");

        connection.lifecycle().start(config.uuid());
        assertThatThrownBy(() -> nics.plugNic(config.uuid(), NicConfig.of("52:54:00:12:34:58", 1)))
                .isInstanceOf(OperationNotSupportedException.class)
                .hasMessageStartingWith("The libvirt (test:///default) driver does not support plug NIC 52:54:00:12:34:58");
        assertThat(connection.lifecycle().config(config.uuid()).nics()).as("nothing changed").extracting(NicConfig::mac)
                .containsExactly("52:54:00:12:34:56");
    }

    @Test
    void aRunningDomainsNicRateChangesLiveThroughTypedParametersAndInItsConfig() throws Exception {
        DomainConfig config = withDevices("shaped");
        connection.lifecycle().define(config);
        connection.lifecycle().start(config.uuid());
        DomainTuning tuning = connection.require(DomainTuning.class, "tuning");
        tuning.setNicRate(config.uuid(), "52:54:00:12:34:56", RateLimit.parse("8Mb/s@50ms"));
        // what virsh domiftune --live set shows: libvirt's running XML, in KiB/s and KiB
        String live = ((LibvirtConnection) connection).connect().domainLookupByUUID(config.uuid()).getXMLDesc(0);
        assertThat(live).containsPattern("<inbound average='977' burst='49'/>").containsPattern("<outbound average='977' burst='49'/>");
        assertThat(connection.lifecycle().config(config.uuid()).nics().getFirst().rateLimit()).isEqualTo(RateLimit.parse("8Mb/s@50ms"));
        assertThatThrownBy(() -> tuning.setNicRate(config.uuid(), "52:54:00:00:00:99", null))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("mac");
        tuning.setNicRate(config.uuid(), "52:54:00:12:34:56", null);
        assertThat(connection.lifecycle().config(config.uuid()).nics().getFirst().rateLimit()).isNull();
    }

    @Test
    void statsCountCpuAndTheDevicesLibvirtCounts() {
        DomainConfig config = withDevices("counted");
        connection.lifecycle().define(config);
        connection.lifecycle().start(config.uuid());
        StatsSource stats = connection.require(StatsSource.class, "stats");
        var sample = stats.domainStats(config.uuid());
        assertThat(sample.uuid()).isEqualTo(config.uuid());
        assertThat(sample.cpuTimeNanos()).isPositive();
        assertThat(sample.memoryTouchedBytes()).isEqualTo(128L * 1024 * 1024);
        assertThat(sample.netRxBytes() + sample.netTxBytes()).isPositive();
        assertThat(sample.diskReadBytes() + sample.diskWriteBytes()).isPositive();
        var host = stats.hostStats();
        assertThat(host.runningDomains()).isEqualTo(1);
        assertThat(host.guestMemoryTouchedBytes()).isGreaterThanOrEqualTo(128L * 1024 * 1024);
    }

    @Test
    void libvirtsRefusalNamesTheHostTheVmAndLibvirtsErrorCode() {
        DomainConfig first = DomainConfig.of("twin", 1, 64);
        connection.lifecycle().define(first);
        DomainConfig second = new DomainConfig(UUID.randomUUID(), first.name(), first.type(), first.vcpus(), first.memory(),
                null, null, null);
        assertThatThrownBy(() -> connection.lifecycle().define(second))
                .isInstanceOf(HypervisorException.class)
                .satisfies(e -> {
                    HypervisorException he = (HypervisorException) e;
                    assertThat(he.code()).isEqualTo("LIBVIRT_ERROR");
                    assertThat(he.params()).containsEntry("host", "test:///default").containsEntry("vm", "twin")
                            .containsKey("libvirtCode").containsKey("libvirtMessage");
                    assertThat(he.params().get("libvirtCode").toString()).startsWith("VIR_ERR_");
                })
                .hasMessageContaining("test:///default")
                .hasMessageContaining("twin");
    }

    @Test
    void whatLibvirtHostsDoNotServeIsNotOffered() {
        assertThat(connection.find(ManagedSave.class)).isEmpty(); // a libvirt host runs on when the console stops
        assertThat(connection.find(Migration.class)).isEmpty();
        assertThatThrownBy(() -> connection.require(Migration.class, "live migration"))
                .hasMessage("The libvirt driver does not support live migration.");
    }

    @Test
    void theTestDriverHasNoSerialConsoleAndSaysSo() {
        assertThat(connection.find(ConsoleAccess.class)).isEmpty();
        assertThat(connection.find(ConsoleInput.class)).isEmpty();
        assertThatThrownBy(() -> connection.require(ConsoleAccess.class, "the serial console"))
                .isInstanceOf(OperationNotSupportedException.class)
                .hasMessage("The libvirt driver does not support the serial console.");
        assertThatThrownBy(() -> connection.require(ConsoleInput.class, "typing on the serial console"))
                .isInstanceOf(OperationNotSupportedException.class)
                .hasMessage("The libvirt driver does not support typing on the serial console.");
    }
}
