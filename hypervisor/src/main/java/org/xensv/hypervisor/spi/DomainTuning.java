package org.xensv.hypervisor.spi;

import java.util.UUID;

import org.xensv.hypervisor.api.CpuQos;
import org.xensv.hypervisor.api.RateLimit;

/**
 * Change a defined domain's QoS: CPU scheduling, a NIC's rate limit, a disk's IO limits. On a
 * running or paused domain the change is live (the runtime enforces the new value at once); on a
 * halted or suspended one it changes the config the next start or resume uses.
 */
public interface DomainTuning extends Capability {

    void setCpuQos(UUID uuid, CpuQos qos);

    /** The NIC with this MAC gets {@code rate} (null = unlimited); refused, nothing changed, if the domain has no such NIC. */
    void setNicRate(UUID uuid, String mac, RateLimit rate);

    /**
     * The disk whose config path is {@code path} gets these limits (0 = unlimited); refused, nothing
     * changed, if the domain has no such disk.
     */
    void setDiskLimits(UUID uuid, String path, long iopsLimit, long bytesPerSecondLimit);
}
