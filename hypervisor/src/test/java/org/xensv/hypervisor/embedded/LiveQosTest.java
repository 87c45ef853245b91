package org.xensv.hypervisor.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.DiskConfig;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.RateLimit;
import org.xensv.hypervisor.spi.DomainTuning;
import org.xensv.hypervisor.spi.HostConnection;

/** NIC rates and disk limits changed through the SPI: live on a running domain, in the config of a halted one. */
class LiveQosTest {

    private final String hostName = TestHosts.uniqueName("qos");
    private final HostConnection host = TestHosts.connect(hostName, 2, 1024);
    private final DomainTuning tuning = host.require(DomainTuning.class, "QoS");

    @AfterEach
    void tearDown() {
        EmbeddedRuntime.remove(hostName);
    }

    private UUID define(String name, boolean start) {
        DomainConfig config = DomainConfig.of(name, 1, 64)
                .withNics(List.of(NicConfig.of("00:16:3e:bb:00:01", 9).withRate("10Mb/s")))
                .withDisks(List.of(new DiskConfig("qos-" + name + ".img", 4, 100, 0)));
        host.lifecycle().define(config);
        if (start) {
            host.lifecycle().start(config.uuid());
        }
        return config.uuid();
    }

    @Test
    void aRunningDomainsNicRateChangesOnTheSwitchAtOnceAndInItsConfig() {
        UUID vm = define("live-nic", true);

        tuning.setNicRate(vm, "00:16:3E:BB:00:01", RateLimit.parse("1Mb/s@20ms"));

        var port = EmbeddedRuntime.existing(hostName).vswitch().port("00:16:3e:bb:00:01").orElseThrow();
        assertThat(port.rateLimit()).isEqualTo(RateLimit.parse("1Mb/s@20ms"));
        assertThat(host.lifecycle().config(vm).nics().get(0).rateLimit()).isEqualTo(RateLimit.parse("1Mb/s@20ms"));
    }

    @Test
    void aRunningDomainsDiskLimitsChangeAtOnceAndInItsConfig() {
        UUID vm = define("live-disk", true);

        tuning.setDiskLimits(vm, "qos-live-disk.img", 2000, 5_000_000);

        EmbeddedDomain domain = EmbeddedRuntime.existing(hostName).domain(vm);
        assertThat(domain.hostLocalDisks().get(0).iopsLimit()).isEqualTo(2000);
        assertThat(domain.hostLocalDisks().get(0).bytesPerSecondLimit()).isEqualTo(5_000_000);
        assertThat(host.lifecycle().config(vm).disks().get(0).iopsLimit()).isEqualTo(2000);
    }

    @Test
    void aHaltedDomainKeepsTheNewValuesForItsNextStart() {
        UUID vm = define("halted", false);
        tuning.setNicRate(vm, "00:16:3e:bb:00:01", null);
        tuning.setDiskLimits(vm, "qos-halted.img", 0, 1_000_000);

        host.lifecycle().start(vm);

        assertThat(EmbeddedRuntime.existing(hostName).vswitch().port("00:16:3e:bb:00:01").orElseThrow().rateLimit()).isNull();
        assertThat(EmbeddedRuntime.existing(hostName).domain(vm).hostLocalDisks().get(0).bytesPerSecondLimit()).isEqualTo(1_000_000);
    }

    @Test
    void anUnknownNicOrDiskIsRefusedNamingIt() {
        UUID vm = define("unknown", true);
        assertThatThrownBy(() -> tuning.setNicRate(vm, "00:16:3e:bb:00:99", null))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("00:16:3e:bb:00:99");
        assertThatThrownBy(() -> tuning.setDiskLimits(vm, "nope.img", 1, 1))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("nope.img");
        assertThat(host.lifecycle().config(vm).disks().get(0).iopsLimit()).isEqualTo(100);
    }
}
