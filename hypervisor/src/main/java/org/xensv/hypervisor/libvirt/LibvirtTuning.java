package org.xensv.hypervisor.libvirt;

import java.util.UUID;
import java.util.function.UnaryOperator;

import org.libvirt.Domain;
import org.libvirt.SchedLongParameter;
import org.libvirt.SchedParameter;
import org.libvirt.SchedUintParameter;
import org.libvirt.SchedUlongParameter;
import org.xensv.hypervisor.api.CpuQos;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.RateLimit;
import org.xensv.hypervisor.api.OperationNotSupportedException;
import org.xensv.hypervisor.spi.DomainTuning;

/**
 * NIC rates and disk IO limits, live on a running domain and in its persistent config, and the
 * credit scheduler's weight and cap: live through the scheduler parameters of the domain's
 * scheduler (Xen's credit: {@code weight}, {@code cap}; QEMU's posix: {@code cpu_shares},
 * {@code global_period}, {@code global_quota}; the test driver's fair: {@code weight} only), and in
 * the persistent config's {@code <cputune>} for the next start.
 */
final class LibvirtTuning implements DomainTuning {

    private static final String OPERATION = "set CPU weight and cap";

    private final LibvirtConnection host;

    LibvirtTuning(LibvirtConnection host) {
        this.host = host;
    }

    @Override
    public void setCpuQos(UUID uuid, CpuQos qos) {
        Domain domain = host.domain(uuid, OPERATION);
        String name = host.call(uuid, null, OPERATION, domain::getName);
        if (host.call(uuid, name, OPERATION, domain::isActive) == 1) {
            String scheduler = host.call(uuid, name, OPERATION, domain::getSchedulerType);
            SchedParameter[] params = live(scheduler, qos);
            host.call(uuid, name, OPERATION, () -> {
                domain.setSchedulerParameters(params);
                return null;
            });
        }
        String xml = host.call(uuid, name, OPERATION, () -> domain.getXMLDesc(DomainXml.INACTIVE));
        String tuned = DomainXml.withCpuQos(xml, qos);
        host.call(uuid, name, OPERATION, () -> host.connect().domainDefineXML(tuned));
    }

    /**
     * A NIC's rate: on a running or paused domain live ({@code virDomainSetInterfaceParameters} through
     * {@link LiveTune}), then in the config with the exact rate in xensv's metadata; on a halted one in
     * the config, for the next start. Refused, nothing changed, where the host cannot apply it live
     * (libvirt's message, e.g. a kernel without the {@code tc} qdiscs libvirt uses).
     */
    @Override
    public void setNicRate(UUID uuid, String mac, RateLimit rate) {
        String operation = "change the rate limit of NIC " + mac;
        change(uuid, operation, config -> {
            if (config.nics().stream().noneMatch(n -> n.mac().equalsIgnoreCase(mac))) {
                throw new InvalidValueException("mac", mac, "is not a NIC of this domain");
            }
            return config.withNics(config.nics().stream()
                    .map(n -> n.mac().equalsIgnoreCase(mac) ? new NicConfig(n.mac(), n.vlan(), rate) : n).toList());
        }, (domain, name) -> LiveTune.nicRate(host, uuid, name, domain, mac.toLowerCase(), rate, operation));
    }

    /** A disk's IO limits, live ({@code virDomainSetBlockIoTune}) and in the config, as {@link #setNicRate}. */
    @Override
    public void setDiskLimits(UUID uuid, String path, long iopsLimit, long bytesPerSecondLimit) {
        String operation = "change the IO limits of disk " + path;
        change(uuid, operation, config -> {
            if (config.disks().stream().noneMatch(d -> path.equals(d.path()))) {
                throw new InvalidValueException("path", path, "is not a disk of this domain");
            }
            return config.withDisks(config.disks().stream()
                    .map(d -> path.equals(d.path()) ? d.withLimits(iopsLimit, bytesPerSecondLimit) : d).toList());
        }, (domain, name) -> LiveTune.diskLimits(host, uuid, name, domain, path, iopsLimit, bytesPerSecondLimit, operation));
    }

    /** What changes a running domain at once; its persistent config is defined after it. */
    @FunctionalInterface
    interface LiveChange {
        void apply(Domain domain, String name);
    }

    /**
     * The config changed as {@code change} says, checked before anything is touched; on a running or
     * paused domain {@code live} first, then the config defined again with xensv's metadata.
     */
    void change(UUID uuid, String operation, UnaryOperator<DomainConfig> change, LiveChange live) {
        Domain domain = host.domain(uuid, operation);
        String name = host.call(uuid, null, operation, domain::getName);
        String xml = host.call(uuid, name, operation, () -> domain.getXMLDesc(DomainXml.INACTIVE));
        String type = DomainXmlReader.parse(xml).getDocumentElement().getAttribute("type");
        String changed = DomainXml.write(change.apply(DomainXmlReader.read(xml)), type);
        if (host.call(uuid, name, operation, domain::isActive) == 1) {
            live.apply(domain, name);
        }
        host.call(uuid, name, operation, () -> host.connect().domainDefineXML(changed));
    }

    private SchedParameter[] live(String scheduler, CpuQos qos) {
        return switch (scheduler) {
            case "credit", "credit2" -> new SchedParameter[] {uint("weight", qos.weight()), uint("cap", qos.capPercent())};
            case "posix" -> new SchedParameter[] {
                    ulong("cpu_shares", qos.weight()),
                    ulong("global_period", DomainXml.PERIOD_US),
                    signed("global_quota", qos.capPercent() == 0 ? -1 : qos.capPercent() * DomainXml.PERIOD_US / 100)};
            case "fair" -> {
                if (qos.capPercent() > 0) {
                    throw new OperationNotSupportedException(LibvirtDriver.NAME + " (" + host.uri() + ")",
                            "a CPU cap on a running domain (its '" + scheduler + "' scheduler has a weight only)");
                }
                yield new SchedParameter[] {uint("weight", qos.weight())};
            }
            default -> throw new OperationNotSupportedException(LibvirtDriver.NAME + " (" + host.uri() + ")",
                    "CPU weight and cap under the '" + scheduler + "' scheduler");
        };
    }

    private static SchedParameter uint(String field, int value) {
        SchedUintParameter p = new SchedUintParameter(value);
        p.field = field;
        return p;
    }

    private static SchedParameter ulong(String field, long value) {
        SchedUlongParameter p = new SchedUlongParameter(value);
        p.field = field;
        return p;
    }

    private static SchedParameter signed(String field, long value) {
        SchedLongParameter p = new SchedLongParameter(value);
        p.field = field;
        return p;
    }
}
