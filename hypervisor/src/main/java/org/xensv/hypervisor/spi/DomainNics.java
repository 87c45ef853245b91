package org.xensv.hypervisor.spi;

import java.util.UUID;

import org.xensv.hypervisor.api.NicConfig;

/**
 * Plug and unplug a defined domain's virtual NICs. On a running or paused domain the change is live
 * (hot-plug: the NIC joins or leaves the host's switch at once); on a halted or suspended one it
 * changes the config the next start or resume uses. A driver that cannot hot-plug does not offer
 * this capability, and the caller answers with the uniform "operation not supported" error.
 */
public interface DomainNics extends Capability {

    /** Adds the NIC; refused (nothing changed) if its MAC is already on the domain or on the host's switch. */
    void plugNic(UUID uuid, NicConfig nic);

    /** Removes the NIC with this MAC; refused (nothing changed) if the domain has no such NIC. */
    void unplugNic(UUID uuid, String mac);
}
