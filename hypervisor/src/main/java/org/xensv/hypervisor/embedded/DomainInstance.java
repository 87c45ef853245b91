package org.xensv.hypervisor.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xensv.hypervisor.api.DiskConfig;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.embedded.console.ConsoleRing;
import org.xensv.hypervisor.embedded.disk.VirtualDisk;
import org.xensv.hypervisor.memory.GuestMemory;
import org.xensv.hypervisor.embedded.net.Nic;
import org.xensv.hypervisor.embedded.sched.SchedDomain;
import org.xensv.hypervisor.embedded.sched.VcpuBody;
import org.xensv.hypervisor.embedded.workload.Guest;
import org.xensv.hypervisor.embedded.workload.GuestState;

/**
 * One incarnation of a domain on its host, from start (or resume, or incoming migration) to halt:
 * its memory, its vCPUs in the scheduler, its NICs on the switch, its open disks and its guest.
 */
final class DomainInstance {

    final GuestMemory memory;
    final SchedDomain sched;
    /** Copy-on-write: hot-plug changes it while stats read it. */
    final List<Nic> nics = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<VirtualDisk> disks = new ArrayList<>();
    final Guest.Devices devices;
    private volatile Guest guest;

    private DomainInstance(EmbeddedHost host, DomainConfig config, ConsoleRing console, GuestMemory memory) {
        this.memory = memory;
        this.sched = host.scheduler().createDomain(config.name().value(), config.cpuQos().weight(), config.cpuQos().capPercent());
        try {
            for (NicConfig nic : config.nics()) {
                nics.add(host.vswitch().attach(nic));
            }
            int i = 0;
            for (DiskConfig disk : config.disks()) {
                Path image = disk.path() == null ? host.directory().resolve(config.uuid() + "-disk" + i + ".img")
                        : host.directory().resolve(disk.path()); // an absolute path stays as it is
                try {
                    disks.add(new VirtualDisk(image, disk));
                } catch (java.io.UncheckedIOException e) {
                    throw new HypervisorException("VM_DISK_UNAVAILABLE",
                            java.util.Map.of("vm", config.name().value(), "path", image.toString()),
                            "VM '" + config.name() + "' cannot open its disk image " + image + ": " + e.getCause().getMessage(), e);
                }
                i++;
            }
        } catch (RuntimeException e) {
            teardown();
            throw e;
        }
        // the guest writes its log to its first writable disk (a CD is read-only)
        this.devices = new Guest.Devices(console, nics.isEmpty() ? null : nics.get(0),
                disks.stream().filter(d -> !d.readOnly()).findFirst().orElse(null));
        memory.setFaultHandler(null);
        sched.onPageWait(memory::whenPresent);
    }

    /** A freshly booting domain, paused until the caller unpauses its scheduler domain. */
    static DomainInstance boot(EmbeddedHost host, DomainConfig config, ConsoleRing console) {
        DomainInstance instance = new DomainInstance(host, config, console, GuestMemory.booting(config.memory().pages()));
        instance.run(Guest.boot(config.name().value(), config.workload().fitTo(config.memory()), instance.memory,
                config.vcpus().value(), instance.sched.clock(), instance.devices));
        return instance;
    }

    /** A domain continuing from saved state over the given memory, paused. */
    static DomainInstance restore(EmbeddedHost host, DomainConfig config, ConsoleRing console, GuestMemory memory, GuestState state) {
        DomainInstance instance = new DomainInstance(host, config, console, memory);
        instance.run(Guest.restore(config.name().value(), state, memory, instance.sched.clock(), instance.devices));
        return instance;
    }

    /** An incoming migration: empty memory, no guest yet (see {@link #run}). */
    static DomainInstance incoming(EmbeddedHost host, DomainConfig config, ConsoleRing console) {
        return new DomainInstance(host, config, console, GuestMemory.arriving(config.memory().pages()));
    }

    void run(Guest guest) {
        this.guest = guest;
        for (VcpuBody body : guest.vcpuBodies()) {
            sched.addVcpu(body);
        }
    }

    /** Hot-plug: the NIC joins the host's switch now (refused there if its MAC is taken). */
    void plug(EmbeddedHost host, NicConfig config) {
        nics.add(host.vswitch().attach(config));
    }

    /** Hot-unplug: the NIC leaves the switch now; the guest's frames on it are dropped from then on. */
    void unplug(String mac) {
        for (Nic nic : nics) {
            if (nic.mac().equals(mac)) {
                nic.detach();
                nics.remove(nic);
            }
        }
    }

    Guest guest() {
        return guest;
    }

    void teardown() {
        sched.remove();
        nics.forEach(Nic::detach);
        disks.forEach(VirtualDisk::close);
    }
}
