package org.xensv.toolstack.vm;

import java.util.List;
import java.util.UUID;

import org.xensv.hypervisor.api.NicConfig;

/**
 * The NICs a VM's domain config carries, as the network package records them: the VM package asks
 * through this interface whenever it defines a VM on a host, so a VM keeps its NICs when it is
 * defined again (after a restart, or moved halted to another host).
 */
public interface VmNics {

    List<NicConfig> of(UUID vmId);
}
