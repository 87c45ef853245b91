package org.xensv.hypervisor.embedded;

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

    EmbeddedHost(String name, int pcpus, long memoryMiB) {
        if (pcpus < 1 || pcpus > 1024) {
            throw new InvalidValueException("pcpus", pcpus, "must be between 1 and 1024");
        }
        if (memoryMiB < 64) {
            throw new InvalidValueException("memoryMiB", memoryMiB, "must be at least 64 MiB");
        }
        this.name = name;
        this.pcpus = pcpus;
        this.memoryMiB = memoryMiB;
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

    public synchronized void undefine(UUID uuid) {
        EmbeddedDomain domain = domain(uuid);
        domain.destroy();
        domains.remove(uuid);
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
     * than is free (when {@code claiming}) or than the host has at all.
     */
    synchronized void checkFits(DomainConfig config, boolean claiming) {
        String vm = config.name().value();
        if (config.vcpus().value() > pcpus) {
            throw new InsufficientResourcesException(name, vm, "CPUs", config.vcpus().value(), pcpus, "pCPUs");
        }
        long wanted = config.memory().value();
        long available = claiming ? freeMemoryMiB() : memoryMiB;
        if (wanted > available) {
            throw new InsufficientResourcesException(name, vm, "memory", wanted, available, "MiB");
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

    void shutdownAll() {
        domains.values().forEach(EmbeddedDomain::destroy);
        domains.clear();
    }
}
