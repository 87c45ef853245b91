package org.xensv.hypervisor.embedded;

import java.nio.file.Path;
import org.xensv.hypervisor.api.HostStats;
import org.xensv.hypervisor.embedded.net.VirtualSwitch;
import org.xensv.hypervisor.embedded.sched.CreditScheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.HostInfo;
import org.xensv.hypervisor.api.InsufficientResourcesException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.NoSuchDomainException;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.DomainEventListener;

/** One embedded host: physical CPUs and memory with admission control, and its domains. */
public final class EmbeddedHost {

    private final String name;
    private final int pcpus;
    private final long memoryMiB;
    private final Map<UUID, EmbeddedDomain> domains = new ConcurrentHashMap<>();
    private final List<DomainEventListener> listeners = new CopyOnWriteArrayList<>();
    private final CreditScheduler scheduler;
    private final VirtualSwitch vswitch = new VirtualSwitch();
    private final Path directory;
    private volatile boolean removed;

    /** Created by {@link EmbeddedRuntime#host}, which first claims {@code memoryMiB} from the process budget. */
    EmbeddedHost(String name, int pcpus, long memoryMiB) {
        checkSize(pcpus, memoryMiB);
        this.name = name;
        this.pcpus = pcpus;
        this.memoryMiB = memoryMiB;
        this.scheduler = new CreditScheduler("xensv-" + name, pcpus);
        this.directory = EmbeddedRuntime.directory().resolve(name);
    }

    /** The rules a host's size must follow on its own, before the process budget is asked. */
    static void checkSize(int pcpus, long memoryMiB) {
        if (pcpus < 1 || pcpus > 1024) {
            throw new InvalidValueException("pcpus", pcpus, "must be between 1 and 1024");
        }
        if (memoryMiB < 64) {
            throw new InvalidValueException("memoryMiB", memoryMiB, "must be at least 64 MiB");
        }
    }

    /** The credit scheduler running this host's vCPUs on its pCPU worker threads. */
    public CreditScheduler scheduler() {
        return scheduler;
    }

    /** The host's virtual switch. */
    public VirtualSwitch vswitch() {
        return vswitch;
    }

    /** Where the host keeps disk images and suspend images: {@link EmbeddedRuntime#directory()}/<host>. */
    public Path directory() {
        return directory;
    }

    /** The file a suspended domain of this host lives in, whether or not the host knows the domain now. */
    Path suspendImage(UUID uuid) {
        return directory.resolve(uuid + ".suspend");
    }

    public long memoryMiB() {
        return memoryMiB;
    }

    /** Counters of the host: pCPU busy time, memory claimed by domains, guest pages touched. */
    public HostStats stats() {
        long touched = 0;
        int running = 0;
        for (EmbeddedDomain d : domains.values()) {
            touched += d.touchedBytes();
            if (d.state() == PowerState.RUNNING) {
                running++;
            }
        }
        return new HostStats(System.nanoTime(), pcpus, scheduler.busyNanos(), memoryMiB, memoryMiB - freeMemoryMiB(), touched, running);
    }

    public String name() {
        return name;
    }

    public int pcpus() {
        return pcpus;
    }

    public HostInfo info() {
        return new HostInfo(name, "xensv-embedded", "0.1", pcpus, memoryMiB, freeMemoryMiB());
    }

    /** Memory not held by a running or paused domain. */
    public synchronized long freeMemoryMiB() {
        return memoryMiB - domains.values().stream()
                .filter(d -> d.holdsMemory())
                .mapToLong(d -> d.config().memory().value())
                .sum();
    }

    public synchronized EmbeddedDomain define(DomainConfig config) {
        if (domains.containsKey(config.uuid())) {
            throw new InvalidValueException("uuid", config.uuid(), "is already defined on host " + name);
        }
        checkFits(config, false);
        EmbeddedDomain domain = new EmbeddedDomain(this, config);
        domains.put(config.uuid(), domain);
        return domain;
    }

    /** Replaces the config of a halted domain (its disks changed); refused in any other state. */
    public synchronized EmbeddedDomain redefine(DomainConfig config) {
        EmbeddedDomain domain = domain(config.uuid());
        if (domain.state() != PowerState.HALTED) {
            throw new InvalidValueException("uuid", config.uuid(), "is " + domain.state().label() + " on host " + name
                    + "; only a halted domain's devices can be replaced");
        }
        checkFits(config, false);
        domain.reconfigure(config);
        return domain;
    }

    /**
     * Defines a domain this host had suspended before it stopped (the process restarted): it comes
     * back suspended from the image in the host's directory.
     */
    public synchronized EmbeddedDomain defineSaved(DomainConfig config) {
        EmbeddedDomain domain = define(config);
        try {
            domain.adoptSuspendImage();
        } catch (RuntimeException e) {
            domains.remove(config.uuid());
            throw e;
        }
        return domain;
    }

    public synchronized void undefine(UUID uuid) {
        EmbeddedDomain domain = domain(uuid);
        domain.destroy();
        domain.deleteFiles();
        domains.remove(uuid);
    }

    /**
     * Destination of a migration: defines the domain if needed (admission checked as for a start)
     * and makes it PAUSED with empty memory, ready to receive pages.
     */
    public synchronized EmbeddedDomain prepareIncoming(DomainConfig config) {
        EmbeddedDomain domain = domains.get(config.uuid());
        if (domain != null && domain.state() != PowerState.HALTED) {
            throw new InvalidValueException("uuid", config.uuid(), "is already " + domain.state().label() + " on host " + name);
        }
        checkFits(config, true);
        if (domain == null) {
            domain = new EmbeddedDomain(this, config);
            domains.put(config.uuid(), domain);
        } else {
            domain.reconfigure(config);
        }
        domain.prepareIncoming();
        return domain;
    }

    public EmbeddedDomain domain(UUID uuid) {
        EmbeddedDomain domain = domains.get(uuid);
        if (domain == null) {
            throw new NoSuchDomainException(name, uuid);
        }
        return domain;
    }

    public List<EmbeddedDomain> domains() {
        return new ArrayList<>(domains.values());
    }

    /**
     * Admission control: refuses a domain whose vCPUs exceed the host's pCPUs or whose memory is more
     * than the host has at all (at define) or than is free (when {@code claiming}: at start, resume
     * and incoming migration, which reserve the domain's full memory). The refusal names the host,
     * the VM, what it asks and what the host has.
     */
    synchronized void checkFits(DomainConfig config, boolean claiming) {
        String vm = config.name().value();
        if (config.vcpus().value() > pcpus) {
            throw InsufficientResourcesException.beyondCapacity(name, vm, "CPUs", config.vcpus().value(), pcpus, "pCPUs");
        }
        long wanted = config.memory().value();
        if (wanted > memoryMiB) {
            throw InsufficientResourcesException.beyondCapacity(name, vm, "memory", wanted, memoryMiB, "MiB");
        }
        long free = freeMemoryMiB();
        if (claiming && wanted > free) {
            throw new InsufficientResourcesException(name, vm, "memory", wanted, free, "MiB");
        }
    }

    AutoCloseable subscribe(DomainEventListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void fire(UUID uuid, PowerState state, String reason) {
        for (DomainEventListener listener : listeners) {
            listener.powerStateChanged(uuid, state, reason);
        }
    }

    /** True once the host was removed from its runtime (or a scratch host discarded): it takes no VM in any more. */
    public boolean removed() {
        return removed;
    }

    void shutdownAll() {
        removed = true;
        domains.values().forEach(EmbeddedDomain::destroy);
        domains.clear();
        scheduler.shutdown();
    }
}
