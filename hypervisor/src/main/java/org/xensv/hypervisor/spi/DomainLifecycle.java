package org.xensv.hypervisor.spi;

import java.util.List;
import java.util.UUID;

import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainInfo;

/** Define, list and drive domains through their power states. Every call checks the power-state table. */
public interface DomainLifecycle extends Capability {

    DomainInfo define(DomainConfig config);

    /**
     * Replaces the config of a defined, halted domain in one step (libvirt's define of an existing
     * domain): its devices changed. Drivers without it forget and define the domain again.
     */
    default DomainInfo redefine(DomainConfig config) {
        undefine(config.uuid());
        return define(config);
    }

    /** Forgets a halted or suspended domain (and its suspend image). */
    void undefine(UUID uuid);

    List<DomainInfo> list();

    DomainInfo info(UUID uuid);

    DomainConfig config(UUID uuid);

    void start(UUID uuid);

    void pause(UUID uuid);

    void unpause(UUID uuid);

    void cleanShutdown(UUID uuid);

    void hardShutdown(UUID uuid);

    void cleanReboot(UUID uuid);

    void hardReboot(UUID uuid);

    void suspend(UUID uuid);

    void resume(UUID uuid);
}
