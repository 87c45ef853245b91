package org.xensv.toolstack.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.pool.PoolService;
import org.xensv.toolstack.pool.PoolView;

/** On a fresh database, creates a pool of embedded hosts so a new install has something to run VMs on. */
@Component
class EmbeddedPoolBootstrap {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPoolBootstrap.class);

    private final EmbeddedPoolProperties properties;
    private final EmbeddedCapacity capacity;
    private final PoolService pools;
    private final HostService hosts;

    EmbeddedPoolBootstrap(EmbeddedPoolProperties properties, EmbeddedCapacity capacity, PoolService pools, HostService hosts) {
        this.properties = properties;
        this.capacity = capacity;
        this.pools = pools;
        this.hosts = hosts;
    }

    @EventListener(ApplicationStartedEvent.class)
    void createEmbeddedPoolOnFirstStart() {
        if (!properties.enabled() || !pools.list().isEmpty()) {
            return;
        }
        PoolView pool = pools.create(properties.poolName(), "Hosts of the embedded hypervisor runtime in this JVM");
        long memoryMiB = capacity.hostMemoryMiB();
        for (int i = 1; i <= properties.hosts(); i++) {
            String name = properties.hostPrefix() + i;
            hosts.add(pool.id(), name, "embedded://" + name + "?pcpus=" + properties.pcpus() + "&memoryMiB=" + memoryMiB);
        }
        log.info("created '{}' with {} embedded hosts ({} pCPUs, {} MiB each{})", pool.name(), properties.hosts(),
                properties.pcpus(), memoryMiB, properties.autoMemory() ? ", the memory budget split evenly" : "");
    }
}
