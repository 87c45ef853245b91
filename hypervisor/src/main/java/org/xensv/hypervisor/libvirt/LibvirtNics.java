package org.xensv.hypervisor.libvirt;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.spi.DomainNics;

/**
 * NICs plugged and unplugged: on a running or paused domain hot-plugged with
 * {@code virDomainAttachDeviceFlags} / {@code virDomainDetachDeviceFlags} (live and in the config) and
 * the {@code <interface>} XML {@link DomainXml} writes, then the config defined again with xensv's
 * metadata; on a halted one in the config only. A driver without hot-plug (libvirt's test driver) is
 * answered by libvirt as not supported, which becomes the uniform "not supported" naming the
 * operation. A QEMU guest must acknowledge an unplug (ACPI or PCIe hot-plug in its kernel): until it
 * does, the NIC stays in the running domain, while the config has lost it already.
 */
final class LibvirtNics implements DomainNics {

    private final LibvirtConnection host;
    private final LibvirtTuning tuning;

    LibvirtNics(LibvirtConnection host, LibvirtTuning tuning) {
        this.host = host;
        this.tuning = tuning;
    }

    @Override
    public void plugNic(UUID uuid, NicConfig nic) {
        String operation = "plug NIC " + nic.mac();
        tuning.change(uuid, operation, config -> {
            if (config.nics().stream().anyMatch(n -> n.mac().equalsIgnoreCase(nic.mac()))) {
                throw new InvalidValueException("mac", nic.mac(), "is already a NIC of domain '" + config.name().value() + "'");
            }
            List<NicConfig> nics = new ArrayList<>(config.nics());
            nics.add(nic);
            return config.withNics(nics);
        }, (domain, name) -> host.call(uuid, name, operation + " into the running domain", () -> {
            domain.attachDeviceFlags(DomainXml.nicXml(nic), LiveTune.LIVE_AND_CONFIG);
            return null;
        }));
    }

    @Override
    public void unplugNic(UUID uuid, String mac) {
        String operation = "unplug NIC " + mac;
        NicConfig[] unplugged = new NicConfig[1];
        tuning.change(uuid, operation, config -> {
            unplugged[0] = config.nics().stream().filter(n -> n.mac().equalsIgnoreCase(mac)).findFirst()
                    .orElseThrow(() -> new InvalidValueException("mac", mac, "is not a NIC of domain '" + config.name().value() + "'"));
            return config.withNics(config.nics().stream().filter(n -> !n.mac().equalsIgnoreCase(mac)).toList());
        }, (domain, name) -> host.call(uuid, name, operation + " from the running domain", () -> {
            domain.detachDeviceFlags(DomainXml.nicXml(unplugged[0]), LiveTune.LIVE_AND_CONFIG);
            return null;
        }));
    }
}
