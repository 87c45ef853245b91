package org.xensv.hypervisor.libvirt;

import java.util.UUID;
import org.libvirt.Domain;
import org.libvirt.DomainBlockStats;
import org.libvirt.DomainInterfaceStats;
import org.libvirt.LibvirtException;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainStats;
import org.xensv.hypervisor.api.HostInfo;
import org.xensv.hypervisor.api.HostStats;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.spi.StatsSource;

/**
 * Counters libvirt gives: a domain's CPU time and current memory ({@code virDomainGetInfo}), and for
 * a running domain its disks' and NICs' counters ({@code virDomainBlockStats},
 * {@code virDomainInterfaceStats}); a device libvirt has no counters for adds nothing. libvirt does
 * not count dirty pages outside a migration: that counter is 0. The host's busy time is the CPU time
 * of its running domains (libvirt-java has no virNodeGetCPUStats).
 */
final class LibvirtStats implements StatsSource {

    private static final String OPERATION = "read stats";

    private final LibvirtConnection host;

    LibvirtStats(LibvirtConnection host) {
        this.host = host;
    }

    @Override
    public HostStats hostStats() {
        HostInfo info = host.hostInfo();
        return host.call(null, null, OPERATION, () -> {
            long busy = 0;
            long guestBytes = 0;
            int running = 0;
            for (Domain d : host.connect().listAllDomains(1)) { // VIR_CONNECT_LIST_DOMAINS_ACTIVE
                org.libvirt.DomainInfo di = d.getInfo();
                busy += di.cpuTime;
                guestBytes += di.memory * 1024;
                running++;
            }
            return new HostStats(System.nanoTime(), info.pcpus(), busy, info.memoryMiB(),
                    info.memoryMiB() - info.freeMemoryMiB(), guestBytes, running);
        });
    }

    @Override
    public DomainStats domainStats(UUID uuid) {
        Domain domain = host.domain(uuid, OPERATION);
        DomainConfig config = host.lifecycle().config(uuid);
        return host.call(uuid, config.name().value(), OPERATION, () -> {
            org.libvirt.DomainInfo info = domain.getInfo();
            long[] net = new long[4];
            long[] disk = new long[3];
            if (domain.isActive() == 1) {
                for (NicConfig nic : config.nics()) {
                    DomainInterfaceStats s = quietly(() -> domain.interfaceStats(nic.mac()));
                    if (s != null) {
                        net[0] += s.tx_bytes;
                        net[1] += s.rx_bytes;
                        net[2] += s.tx_packets;
                        net[3] += s.rx_packets;
                    }
                }
                for (int i = 0; i < config.disks().size(); i++) {
                    String target = DomainXml.targetDev(i);
                    DomainBlockStats s = quietly(() -> domain.blockStats(target));
                    if (s != null) {
                        disk[0] += s.rd_bytes;
                        disk[1] += s.wr_bytes;
                        disk[2] += s.rd_req + s.wr_req;
                    }
                }
            }
            return new DomainStats(uuid, System.nanoTime(), info.cpuTime, info.memory * 1024, 0,
                    net[0], net[1], net[2], net[3], disk[0], disk[1], disk[2]);
        });
    }

    private static <T> T quietly(LibvirtConnection.LibvirtCall<T> call) {
        try {
            return call.run();
        } catch (LibvirtException e) {
            return null; // no counters for this device on this connection
        }
    }

}
