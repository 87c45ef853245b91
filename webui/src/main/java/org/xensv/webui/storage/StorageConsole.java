package org.xensv.webui.storage;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;
import org.xensv.toolstack.storage.ImageFormat;
import org.xensv.toolstack.storage.SrKind;
import org.xensv.toolstack.storage.SrView;
import org.xensv.toolstack.storage.VbdQosForm;
import org.xensv.toolstack.storage.VbdSpec;
import org.xensv.toolstack.storage.VbdView;
import org.xensv.webui.vm.NewVmDisk;
import org.xensv.toolstack.storage.StorageService;
import org.xensv.toolstack.storage.VbdService;
import org.xensv.toolstack.qos.QosPolicies;
import org.xensv.webui.details.DetailTab;

/**
 * The console's storage parts: the storage editor (repositories and images) and a VM's Storage tab;
 * the only class of this package that holds toolstack services, which it hands to the parts it makes.
 */
@Component
public class StorageConsole {

    private final StorageService storage;
    private final VbdService vbds;
    private final org.xensv.webui.tag.TagConsole tags;

    private final QosPolicies qosPolicies;

    StorageConsole(StorageService storage, VbdService vbds, org.xensv.webui.tag.TagConsole tags, QosPolicies qosPolicies) {
        this.qosPolicies = qosPolicies;
        this.storage = storage;
        this.vbds = vbds;
        this.tags = tags;
    }

    /** A VM's Storage tab: its disks, attach and detach. */
    public DetailTab tab() {
        return new StorageTab(storage, vbds, qosPolicies);
    }

    /** Opens the storage editor. */
    public void openEditor() {
        new StorageEditor(storage, tags).open();
    }

    /** What the New VM wizard's disk step offers: the repositories and the images. */
    public NewVmDisk diskChoices() {
        List<NewVmDisk.RepositoryChoice> repositories = storage.listRepositories().stream()
                .map(sr -> new NewVmDisk.RepositoryChoice(sr.id(), sr.name(), sr.kind() == SrKind.LOCAL ? sr.hostId() : null,
                        sr.freeBytes() >> 20))
                .toList();
        Map<UUID, UUID> hostOfSr = storage.listRepositories().stream().filter(sr -> sr.kind() == SrKind.LOCAL)
                .collect(Collectors.toMap(SrView::id, SrView::hostId));
        List<NewVmDisk.ImageChoice> images = storage.listImages(null).stream()
                .map(i -> new NewVmDisk.ImageChoice(i.id(), i.name(), hostOfSr.get(i.srId()), i.sizeMiB(),
                        i.format() == ImageFormat.ISO, !i.attachedTo().isEmpty()))
                .toList();
        return new NewVmDisk(repositories, images);
    }

    /** Gives a new (halted) VM the disk the wizard chose; an ISO goes in as a CD, anything else as the boot disk. */
    public void provision(UUID vmId, NewVmDisk disk, UUID qosPolicyId) {
        VbdView vbd = switch (disk.kind()) {
            case NONE -> null;
            case BLANK -> vbds.attachNewDisk(vmId, disk.repositoryId(), disk.size());
            case EXISTING -> vbds.attach(vmId, new VbdSpec(disk.imageId(), null, null,
                    storage.getImage(disk.imageId()).format() != ImageFormat.ISO, null, null, null));
        };
        if (vbd != null && qosPolicyId != null) {
            vbds.setQos(vmId, vbd.id(), new VbdQosForm(qosPolicyId, null, null));
        }
    }
}
