package org.xensv.toolstack.storage;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xensv.hypervisor.api.DiskConfig;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.qos.QosPolicies;
import org.xensv.toolstack.qos.QosSettings;
import org.xensv.toolstack.vm.VmDisks;

/**
 * A VM's VBDs as the disks of its domain config. An image on a host's local repository is given by a
 * path relative to the host's directory ({@code local-sr/<file>}): the runtime copies such a disk
 * during a migration to the same path on the destination. An image on a shared repository is given
 * by its absolute path, which every host reaches: a migration copies nothing.
 */
@Component
class StorageDisks implements VmDisks {

    private final VbdRepository vbds;
    private final ImageRepository images;
    private final SrRepository srs;
    private final EventBus events;
    private final QosPolicies policies;

    StorageDisks(VbdRepository vbds, ImageRepository images, SrRepository srs, EventBus events, QosPolicies policies) {
        this.policies = policies;
        this.vbds = vbds;
        this.images = images;
        this.srs = srs;
        this.events = events;
    }

    static Comparator<Vbd> bootOrder() {
        return Comparator.comparing((Vbd v) -> !v.bootable()).thenComparing(Vbd::device);
    }

    @Override
    @Transactional(readOnly = true)
    public List<DiskConfig> disksOf(UUID vmId) {
        return vbds.findByVmIdOrderByDevice(vmId).stream().sorted(bootOrder()).map(this::disk).toList();
    }

    /** The disk as its host sees it: its path, and the limits that apply (its own, else its QoS policy's). */
    DiskConfig disk(Vbd vbd) {
        Image image = images.findById(vbd.imageId()).orElseThrow();
        StorageRepository sr = srs.findById(image.srId()).orElseThrow();
        String path = sr.kind() == SrKind.LOCAL
                ? Path.of(StorageService.LOCAL_SR_DIR, image.fileName()).toString()
                : sr.path().resolve(image.fileName()).toString();
        QosSettings policy = policies.find(vbd.qosPolicyId()).orElse(null);
        return new DiskConfig(path, image.sizeMiB(), vbd.effectiveIops(policy).value(),
                vbd.effectiveMBps(policy).value() * 1_000_000L, vbd.readOnly());
    }

    /** The runtime copied the VM's local images to the destination's local directory: the images now live there. */
    @Override
    @Transactional
    public void moved(UUID vmId, UUID fromHost, UUID toHost) {
        StorageRepository destination = srs.findFirstByHostIdAndKind(toHost, SrKind.LOCAL).orElse(null);
        for (Vbd vbd : vbds.findByVmIdOrderByDevice(vmId)) {
            Image image = images.findById(vbd.imageId()).orElseThrow();
            StorageRepository sr = srs.findById(image.srId()).orElseThrow();
            if (sr.kind() == SrKind.LOCAL && fromHost.equals(sr.hostId()) && destination != null) {
                image.movedTo(destination.id());
                ImageFiles.deleteQuietly(sr.path().resolve(image.fileName()));
                events.changed(ObjectType.IMAGE, image.id());
            }
        }
    }
}
