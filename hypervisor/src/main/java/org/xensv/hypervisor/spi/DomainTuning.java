package org.xensv.hypervisor.spi;

import java.util.UUID;

import org.xensv.hypervisor.api.CpuQos;

/** Change a defined domain's scheduling parameters, live where the driver can. */
public interface DomainTuning extends Capability {

    void setCpuQos(UUID uuid, CpuQos qos);
}
