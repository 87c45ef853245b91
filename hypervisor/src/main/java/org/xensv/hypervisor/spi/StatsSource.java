package org.xensv.hypervisor.spi;

import java.util.UUID;

import org.xensv.hypervisor.api.DomainStats;
import org.xensv.hypervisor.api.HostStats;

/** Counters of the host and of each domain. */
public interface StatsSource extends Capability {

    HostStats hostStats();

    DomainStats domainStats(UUID uuid);
}
