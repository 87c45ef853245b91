package org.xensv.toolstack.vm;

import java.util.List;
import java.util.UUID;

import org.xensv.hypervisor.api.DiskConfig;

/**
 * A VM's disks as its host must see them, kept by the storage package (which knows images and
 * VBDs); the VM service adds them to every domain config it gives a driver.
 */
public interface VmDisks {

    /** The VM's disks, bootable first, then by device name. */
    List<DiskConfig> disksOf(UUID vmId);

    /** A migration carried the VM from one host to another, its host-local images copied with it. */
    void moved(UUID vmId, UUID fromHost, UUID toHost);
}
