package org.xensv.hypervisor.spi;

import java.util.UUID;

import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainInfo;

/**
 * libvirt's managed save, as libvirt-guests uses it across a host's shutdown: a domain's memory and
 * vCPU state go to a file the host keeps, and after the host comes back the domain is defined again
 * from that file, suspended, ready to resume. Offered by hosts that stop with the console's process
 * (the embedded runtime); a remote host runs on when the console stops and does not offer it.
 */
public interface ManagedSave extends Capability {

    /** Saves a running or paused domain to its image and leaves it suspended (its memory is released). */
    void managedSave(UUID uuid);

    /** Whether the host holds a saved image of the domain, whether or not the domain is defined there now. */
    boolean hasManagedSaveImage(UUID uuid);

    /**
     * Defines a domain the host does not know (it was restarted) from its saved image: the domain is
     * suspended, and resume brings it back with its memory. Throws if the host holds no image of it.
     */
    DomainInfo defineFromManagedSave(DomainConfig config);

    /**
     * As {@link DomainLifecycle#resume}, but the domain comes back paused, its vCPUs not having run
     * (libvirt's {@code VIR_DOMAIN_SAVE_PAUSED}): how a domain that was paused when saved returns.
     */
    void resumePaused(UUID uuid);
}
