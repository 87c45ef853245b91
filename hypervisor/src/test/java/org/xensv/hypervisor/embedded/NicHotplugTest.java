package org.xensv.hypervisor.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.embedded.net.Frame;
import org.xensv.hypervisor.embedded.net.Nic;
import org.xensv.hypervisor.embedded.net.VirtualSwitch;
import org.xensv.hypervisor.spi.DomainNics;
import org.xensv.hypervisor.spi.HostConnection;

/** NICs plugged into and out of defined domains, live while they run, through the SPI. */
class NicHotplugTest {

    private final String hostName = TestHosts.uniqueName("hotplug");
    private final HostConnection host = TestHosts.connect(hostName, 2, 1024);
    private final DomainNics nics = host.require(DomainNics.class, "NIC hot-plug");
    private final VirtualSwitch vswitch = EmbeddedRuntime.existing(hostName).vswitch();

    @AfterEach
    void tearDown() {
        EmbeddedRuntime.remove(hostName);
    }

    private UUID defineAndStart(String name) {
        DomainConfig config = DomainConfig.of(name, 1, 64);
        host.lifecycle().define(config);
        host.lifecycle().start(config.uuid());
        return config.uuid();
    }

    @Test
    void aNicPluggedIntoARunningDomainJoinsTheSwitchAtOnceAndCarriesFrames() {
        UUID vm = defineAndStart("hp-run");
        Nic peer = vswitch.attach(NicConfig.of("00:16:3e:aa:00:01", 7));

        nics.plugNic(vm, NicConfig.of("00:16:3e:aa:00:02", 7));

        Nic plugged = vswitch.port("00:16:3e:aa:00:02").orElseThrow();
        peer.transmit(plugged.mac(), 100, 0);
        assertThat(plugged.counters().rxPackets()).isEqualTo(1);
        assertThat(host.lifecycle().config(vm).nics()).extracting(NicConfig::mac).containsExactly("00:16:3e:aa:00:02");
        assertThat(host.lifecycle().info(vm).powerState()).isEqualTo(PowerState.RUNNING);
    }

    @Test
    void anUnpluggedNicLeavesTheSwitchAndItsFramesAreDropped() {
        UUID vm = defineAndStart("hp-unplug");
        nics.plugNic(vm, NicConfig.of("00:16:3e:aa:00:03", 7));
        Nic plugged = vswitch.port("00:16:3e:aa:00:03").orElseThrow();
        Nic peer = vswitch.attach(NicConfig.of("00:16:3e:aa:00:04", 7));

        nics.unplugNic(vm, "00:16:3E:AA:00:03");

        assertThat(vswitch.port("00:16:3e:aa:00:03")).isEmpty();
        assertThat(plugged.transmit(peer.mac(), 100, 0)).isFalse();
        peer.transmit(Frame.BROADCAST, 100, 0);
        assertThat(peer.counters().rxPackets()).isZero();
        assertThat(plugged.counters().rxPackets()).isZero();
        assertThat(host.lifecycle().config(vm).nics()).isEmpty();
    }

    @Test
    void aNicPluggedIntoAHaltedDomainIsOnTheSwitchOnlyOnceItStarts() {
        DomainConfig config = DomainConfig.of("hp-halted", 1, 64);
        host.lifecycle().define(config);

        nics.plugNic(config.uuid(), NicConfig.of("00:16:3e:aa:00:05", 9));

        assertThat(vswitch.port("00:16:3e:aa:00:05")).isEmpty();
        host.lifecycle().start(config.uuid());
        assertThat(vswitch.port("00:16:3e:aa:00:05")).isPresent();
        host.lifecycle().hardShutdown(config.uuid());
        assertThat(vswitch.port("00:16:3e:aa:00:05")).isEmpty();
    }

    @Test
    void aMacAlreadyOnTheSwitchIsRefusedAndNothingChanges() {
        UUID vm = defineAndStart("hp-taken");
        vswitch.attach(NicConfig.of("00:16:3e:aa:00:06", 7));

        assertThatThrownBy(() -> nics.plugNic(vm, NicConfig.of("00:16:3e:aa:00:06", 8)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("mac");
        assertThat(host.lifecycle().config(vm).nics()).isEmpty();
        assertThat(vswitch.port("00:16:3e:aa:00:06").orElseThrow().vlan()).isEqualTo(7);
    }

    @Test
    void unpluggingANicTheDomainDoesNotHaveIsRefused() {
        UUID vm = defineAndStart("hp-none");
        assertThatThrownBy(() -> nics.unplugNic(vm, "00:16:3e:aa:00:07"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("is not a NIC");
    }
}
