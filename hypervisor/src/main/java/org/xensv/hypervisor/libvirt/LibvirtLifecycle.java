package org.xensv.hypervisor.libvirt;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.libvirt.Domain;
import org.libvirt.DomainInfo.DomainState;
import org.libvirt.LibvirtException;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.HostInfo;
import org.xensv.hypervisor.api.InsufficientResourcesException;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.PowerStateTable;
import org.xensv.hypervisor.spi.DomainLifecycle;

/**
 * Domains through libvirt, every call checked against the power-state table first. SUSPENDED is a
 * shut-off domain with a managed-save image: suspend is {@code virDomainManagedSave}, resume is a
 * start (libvirt restores the image), a hard shutdown of a suspended domain drops the image.
 */
final class LibvirtLifecycle implements DomainLifecycle {

    /** {@code VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA}. */
    private static final int UNDEFINE_ALL = Domain.UndefineFlags.MANAGED_SAVE | Domain.UndefineFlags.SNAPSHOTS_METADATA;

    private final LibvirtConnection host;

    LibvirtLifecycle(LibvirtConnection host) {
        this.host = host;
    }

    @Override
    public DomainInfo define(DomainConfig config) {
        refuseBeyondCapacity(config);
        String xml = DomainXml.write(config, host.domainType());
        Domain domain = host.call(config.uuid(), config.name().value(), "define", () -> host.connect().domainDefineXML(xml));
        return info(domain, config.uuid(), "define");
    }

    @Override
    public DomainInfo redefine(DomainConfig config) {
        PowerState state = info(config.uuid()).powerState();
        if (state != PowerState.HALTED) {
            PowerStateTable.check(config.name().value(), state, Operation.DESTROY);
        }
        return define(config);
    }

    /** A domain larger than the whole host can never run there: refused at once, as the embedded runtime does. */
    private void refuseBeyondCapacity(DomainConfig config) {
        HostInfo hostInfo = host.hostInfo();
        String vm = config.name().value();
        if (config.vcpus().value() > hostInfo.pcpus()) {
            throw InsufficientResourcesException.beyondCapacity(host.uri(), vm, "CPUs", config.vcpus().value(), hostInfo.pcpus(), "pCPUs");
        }
        if (config.memory().value() > hostInfo.memoryMiB()) {
            throw InsufficientResourcesException.beyondCapacity(host.uri(), vm, "memory", config.memory().value(), hostInfo.memoryMiB(), "MiB");
        }
    }

    @Override
    public void undefine(UUID uuid) {
        drive(uuid, Operation.DESTROY, d -> d.undefine(UNDEFINE_ALL));
    }

    @Override
    public List<DomainInfo> list() {
        Domain[] domains = host.call(null, null, "list domains", () -> host.connect().listAllDomains(0));
        return Arrays.stream(domains).map(d -> {
            UUID uuid = host.call(null, null, "list domains", () -> UUID.fromString(d.getUUIDString()));
            return info(d, uuid, "list domains");
        }).toList();
    }

    @Override
    public DomainInfo info(UUID uuid) {
        return info(host.domain(uuid, "read domain info"), uuid, "read domain info");
    }

    private DomainInfo info(Domain domain, UUID uuid, String operation) {
        return host.call(uuid, null, operation, () -> {
            org.libvirt.DomainInfo info = domain.getInfo();
            return new DomainInfo(uuid, domain.getName(), powerState(domain, info.state), info.nrVirtCpu, info.maxMem / 1024);
        });
    }

    static PowerState powerState(Domain domain, DomainState state) throws LibvirtException {
        return switch (state) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED, VIR_DOMAIN_SHUTDOWN -> PowerState.RUNNING;
            case VIR_DOMAIN_PAUSED, VIR_DOMAIN_PMSUSPENDED -> PowerState.PAUSED;
            case VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_CRASHED, VIR_DOMAIN_NOSTATE ->
                    domain.hasManagedSaveImage() == 1 ? PowerState.SUSPENDED : PowerState.HALTED;
        };
    }

    @Override
    public DomainConfig config(UUID uuid) {
        Domain domain = host.domain(uuid, "read domain config");
        return DomainXmlReader.read(host.call(uuid, null, "read domain config", () -> domain.getXMLDesc(DomainXml.INACTIVE)));
    }

    @Override
    public void start(UUID uuid) {
        drive(uuid, Operation.START, Domain::create);
        host.started(uuid);
    }

    @Override
    public void pause(UUID uuid) {
        drive(uuid, Operation.PAUSE, Domain::suspend);
    }

    @Override
    public void unpause(UUID uuid) {
        drive(uuid, Operation.UNPAUSE, Domain::resume);
    }

    @Override
    public void cleanShutdown(UUID uuid) {
        drive(uuid, Operation.CLEAN_SHUTDOWN, Domain::shutdown);
    }

    @Override
    public void hardShutdown(UUID uuid) {
        drive(uuid, Operation.HARD_SHUTDOWN, d -> {
            if (d.isActive() == 1) {
                d.destroy();
            } else {
                d.managedSaveRemove(); // suspended: forget the saved memory
            }
        });
    }

    @Override
    public void cleanReboot(UUID uuid) {
        drive(uuid, Operation.CLEAN_REBOOT, d -> d.reboot(0));
    }

    @Override
    public void hardReboot(UUID uuid) {
        // xl's hard reboot: destroy and start again from the config (virDomainReset keeps the old QEMU process)
        drive(uuid, Operation.HARD_REBOOT, d -> {
            d.destroy();
            d.create();
        });
        host.started(uuid);
    }

    @Override
    public void suspend(UUID uuid) {
        drive(uuid, Operation.SUSPEND, Domain::managedSave);
    }

    @Override
    public void resume(UUID uuid) {
        drive(uuid, Operation.RESUME, Domain::create);
        host.started(uuid);
    }

    @FunctionalInterface
    private interface DomainCall {
        void run(Domain domain) throws LibvirtException;
    }

    /** Looks the domain up, checks the power-state table, then asks libvirt. */
    private void drive(UUID uuid, Operation op, DomainCall body) {
        Domain domain = host.domain(uuid, op.label());
        DomainInfo info = info(domain, uuid, op.label());
        PowerStateTable.check(info.name(), info.powerState(), op);
        host.call(uuid, info.name(), op.label(), () -> {
            body.run(domain);
            return null;
        });
    }
}
