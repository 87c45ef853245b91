package org.xensv.hypervisor.libvirt;

import java.util.UUID;
import org.libvirt.Domain;
import org.libvirt.SchedLongParameter;
import org.libvirt.SchedParameter;
import org.libvirt.SchedUintParameter;
import org.libvirt.SchedUlongParameter;
import org.xensv.hypervisor.api.CpuQos;
import org.xensv.hypervisor.api.OperationNotSupportedException;
import org.xensv.hypervisor.spi.DomainTuning;

/**
 * The credit scheduler's weight and cap: live through the scheduler parameters of the domain's
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
