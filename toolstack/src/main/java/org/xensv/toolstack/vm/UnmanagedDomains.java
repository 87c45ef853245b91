package org.xensv.toolstack.vm;

import org.xensv.toolstack.audit.Audited;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.DomainName;
import org.xensv.hypervisor.api.DomainType;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.MemoryMiB;
import org.xensv.hypervisor.api.VcpuCount;
import org.xensv.hypervisor.spi.DomainLifecycle;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.task.TaskService;

/**
 * The domains a host runs that the inventory does not know: made behind the console's back (with
 * {@code virsh}, or libvirt's test driver's own "test"). They are left alone and listed, so an admin
 * sees them, until one is adopted: recorded in the inventory as the host has it, without being
 * defined again or restarted.
 */
@Component
public class UnmanagedDomains {

    private final HostService hosts;
    private final VmRepository vms;
    private final EventBus events;
    private final TaskService tasks;
    private final TransactionTemplate tx;

    UnmanagedDomains(HostService hosts, VmRepository vms, EventBus events, TaskService tasks,
                     PlatformTransactionManager transactions) {
        this.hosts = hosts;
        this.vms = vms;
        this.events = events;
        this.tasks = tasks;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Asks the host (outside any transaction), then leaves out every domain the inventory holds. */
    public List<DomainInfo> of(UUID hostId) {
        List<DomainInfo> onHost = hosts.connection(hostId).lifecycle().list();
        Set<UUID> known = vms.findAllById(onHost.stream().map(DomainInfo::uuid).toList()).stream()
                .map(Vm::id).collect(Collectors.toSet());
        return onHost.stream().filter(d -> !known.contains(d.uuid()))
                .sorted(Comparator.comparing(DomainInfo::name)).toList();
    }

    /**
     * Records the host's domain as a VM of the inventory, with the name, type, vCPUs, memory and CPU
     * weight and cap its config has and the power state the host reports. Nothing is asked of the
     * host but to read: the domain keeps running as it was. Refused if the inventory already holds
     * the domain or another VM of its name.
     */
    @Audited("vm.adopt")
    public VmView adopt(UUID hostId, UUID uuid) {
        HostView host = hosts.get(hostId);
        HostConnection connection = hosts.connection(hostId);
        DomainLifecycle lifecycle = connection.lifecycle();
        DomainInfo info;
        try {
            info = lifecycle.info(uuid);
        } catch (HypervisorException e) {
            throw new NotFoundException("domain on host '" + host.name() + "'", uuid);
        }
        DomainConfig config = configOf(lifecycle, info);
        VmView adopted = tx.execute(status -> {
            if (vms.existsById(uuid)) {
                throw new ConflictException("DOMAIN_ALREADY_MANAGED", Map.of("host", host.name(), "domain", info.name()),
                        "Domain '" + info.name() + "' on host '" + host.name() + "' is already in the inventory.");
            }
            if (vms.existsByNameIgnoreCase(info.name())) {
                throw new ConflictException("VM_NAME_TAKEN", Map.of("host", host.name(), "domain", info.name()),
                        "Cannot adopt domain '" + info.name() + "' from host '" + host.name() + "': the inventory already"
                                + " has a VM named '" + info.name() + "'. Rename one of them (virsh domrename on the host),"
                                + " then adopt it.");
            }
            Vm vm = new Vm(config, hostId, "Adopted from " + host.name(), VmService.runsWorkloads(connection));
            vm.observed(info.powerState());
            vm.event("Adopted from host '" + host.name() + "', " + info.powerState().label() + "; it was neither defined again nor restarted.");
            vm = vms.saveAndFlush(vm);
            tasks.record("Adopt VM", VmService.subject(vm, "ADOPT"),
                    "Adopted from " + host.name() + ": " + config.vcpus().value() + " vCPU, " + config.memory() + ", "
                            + info.powerState().label());
            events.created(ObjectType.VM, vm.id());
            events.changed(ObjectType.HOST, hostId);
            return vm.view(host.name(), List.of());
        });
        return adopted;
    }

    /**
     * The domain's config as the driver reads it back, with the host's figures for vCPUs and memory;
     * where the driver cannot read it, the figures alone (an HVM guest, restarted on crash, default CPU QoS).
     */
    private static DomainConfig configOf(DomainLifecycle lifecycle, DomainInfo info) {
        DomainName name = new DomainName(info.name());
        VcpuCount vcpus = new VcpuCount(info.vcpus());
        MemoryMiB memory = new MemoryMiB(info.memoryMiB());
        try {
            DomainConfig read = lifecycle.config(info.uuid());
            return new DomainConfig(info.uuid(), name, read.type(), vcpus, memory, read.workload(), read.onCrash(), read.cpuQos());
        } catch (HypervisorException e) {
            return new DomainConfig(info.uuid(), name, DomainType.HVM, vcpus, memory, null, null, null);
        }
    }
}
