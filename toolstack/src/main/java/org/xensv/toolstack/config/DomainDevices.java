package org.xensv.toolstack.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.config.DomainFiles.Note;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.network.NetworkService;
import org.xensv.toolstack.network.NetworkView;
import org.xensv.toolstack.network.VifForm;
import org.xensv.toolstack.network.VifService;
import org.xensv.toolstack.network.VifView;
import org.xensv.toolstack.storage.ImageFormat;
import org.xensv.toolstack.storage.ImageView;
import org.xensv.toolstack.storage.StorageService;
import org.xensv.toolstack.storage.VbdService;
import org.xensv.toolstack.storage.VbdSpec;
import org.xensv.toolstack.storage.VbdView;
import org.xensv.toolstack.vm.VmService;

/**
 * A VM's disks and NICs in a domain file and back.
 *
 * <p>Export: each VBD as a disk on its image's file (an ISO as a read-only CD), each VIF as a NIC
 * with its MAC, rate and VLAN, on a bridge named after its network (xl has no networks) or the
 * network itself (libvirt). Rates and IO limits are those that apply, the object's own or its QoS
 * policy's: neither format has policies.
 *
 * <p>Import, onto a VM just created: a disk whose target is the file of an image (or names an image)
 * is attached to it; an image another VM already writes to is cloned first, so two VMs never share a
 * writable disk. A NIC joins the network its bridge or network names, else the network with its VLAN,
 * else (untagged) the pool's untagged network; a MAC already taken in the pool is replaced by a new
 * one. Whatever cannot be taken is a note (with its line), not a refusal: the VM is still imported.
 */
@Component
class DomainDevices {

    private static final Pattern BRIDGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");

    private final VbdService vbds;
    private final VifService vifs;
    private final StorageService storage;
    private final NetworkService networks;
    private final HostService hosts;
    private final VmService vms;

    DomainDevices(VbdService vbds, VifService vifs, StorageService storage, NetworkService networks, HostService hosts,
                  VmService vms) {
        this.vbds = vbds;
        this.vifs = vifs;
        this.storage = storage;
        this.networks = networks;
        this.hosts = hosts;
        this.vms = vms;
    }

    List<DiskSpec> disks(UUID vmId) {
        List<DiskSpec> disks = new ArrayList<>();
        for (VbdView vbd : vbds.list(vmId)) {
            ImageView image = storage.getImage(vbd.imageId());
            boolean iso = image.format() == ImageFormat.ISO;
            disks.add(new DiskSpec(storage.fileOf(image.id()).toString(), "raw", vbd.device(), vbd.mode().equals("RO"),
                    vbd.cdrom() || iso, null, vbd.effectiveIops().value(), vbd.effectiveMBps().value() * 1_000_000L, List.of()));
        }
        return disks;
    }

    List<VifSpec> vifs(UUID vmId, ConfigFormat format) {
        List<VifSpec> list = new ArrayList<>();
        for (VifView vif : vifs.list(vmId)) {
            String rate = vif.effectiveRate().value();
            if (format == ConfigFormat.LIBVIRT) {
                list.add(new VifSpec(vif.mac(), null, vif.vlan(), rate, null, vif.networkName(), List.of()));
            } else {
                list.add(new VifSpec(vif.mac(), bridgeName(vif.networkName()), vif.vlan(), rate, null, null, List.of()));
            }
        }
        return list;
    }

    /** The network's name where it is a valid bridge name, else xl's default bridge. */
    static String bridgeName(String network) {
        return network != null && BRIDGE_NAME.matcher(network).matches() ? network : "xenbr0";
    }

    /** Attaches the file's disks and NICs to the new VM; returns what could not be taken. */
    List<Note> attach(UUID vmId, String vmName, ParsedFile parsed) {
        List<Note> notes = new ArrayList<>();
        DomainFile file = parsed.file();
        boolean bootSet = false;
        for (int i = 0; i < file.disks().size(); i++) {
            DiskSpec disk = file.disks().get(i);
            ParsedFile.Located at = parsed.at("disk[" + i + "]");
            String what = disk.vdev() + (disk.target() == null ? "" : " on " + disk.target());
            if (disk.target() == null) {
                notes.add(new Note(at.key(), at.line(), what + ": an empty CD drive is not kept; attach an ISO as a CD after the import"));
                continue;
            }
            Optional<ImageView> found = imageFor(disk.target());
            if (found.isEmpty()) {
                notes.add(new Note(at.key(), at.line(), what + ": no image has this file or name in any storage repository;"
                        + " import the image, then attach it"));
                continue;
            }
            boolean bootable = !bootSet && !disk.cdrom();
            try {
                attachDisk(vmId, vmName, disk, found.get(), bootable, at, notes);
                bootSet |= bootable;
            } catch (HypervisorException e) {
                notes.add(new Note(at.key(), at.line(), what + ": not attached: " + e.getMessage()));
            }
        }
        for (int i = 0; i < file.vifs().size(); i++) {
            addNic(vmId, file.vifs().get(i), parsed.at("vif[" + i + "]"), notes);
        }
        return notes;
    }

    private void attachDisk(UUID vmId, String vmName, DiskSpec disk, ImageView image, boolean bootable,
                            ParsedFile.Located at, List<Note> notes) {
        boolean readOnly = disk.readOnly() || disk.cdrom() || image.readOnly();
        ImageView use = image;
        if (!readOnly && !image.attachedTo().isEmpty()) {
            use = storage.cloneImage(image.id(), freeName(image, vmName + "-" + disk.vdev()));
            notes.add(new Note(at.key(), at.line(), disk.vdev() + ": image '" + image.name() + "' is in use by "
                    + String.join(", ", image.attachedTo()) + ": the VM gets its own copy, '" + use.name() + "'"));
        }
        long mbps = (disk.bytesPerSecondLimit() + 999_999) / 1_000_000;
        try {
            vbds.attach(vmId, new VbdSpec(use.id(), disk.vdev(), readOnly ? "RO" : "RW", bootable, disk.cdrom(),
                    disk.iopsLimit(), mbps));
        } catch (RuntimeException e) {
            if (use != image) {
                storage.deleteImage(use.id());
            }
            throw e;
        }
    }

    private void addNic(UUID vmId, VifSpec nic, ParsedFile.Located at, List<Note> notes) {
        String what = nic.mac() == null ? "NIC" : nic.mac();
        UUID poolId = hosts.get(vms.get(vmId).hostId()).poolId();
        Optional<NetworkView> network = networkFor(poolId, nic);
        if (network.isEmpty()) {
            notes.add(new Note(at.key(), at.line(), what + ": no network named " + (nic.network() != null ? nic.network() : nic.bridge())
                    + (nic.vlan() != null ? " nor with VLAN " + nic.vlan() : "") + " in the pool; create it, then add the NIC"));
            return;
        }
        String rate = nic.rate();
        try {
            vifs.add(vmId, new VifForm(network.get().id(), nic.mac(), rate, null));
        } catch (InvalidValueException e) {
            if (!"mac".equals(e.field()) || nic.mac() == null) {
                notes.add(new Note(at.key(), at.line(), what + ": not added: " + e.getMessage()));
                return;
            }
            VifView added = vifs.add(vmId, new VifForm(network.get().id(), null, rate, null));
            notes.add(new Note(at.key(), at.line(), what + " is taken in the pool: the NIC gets " + added.mac()));
        }
    }

    private Optional<NetworkView> networkFor(UUID poolId, VifSpec nic) {
        List<NetworkView> pool = networks.inPool(poolId);
        for (String name : new String[] {nic.network(), nic.bridge()}) {
            if (name != null) {
                Optional<NetworkView> byName = pool.stream().filter(n -> n.name().equalsIgnoreCase(name)
                        && (nic.vlan() == null || nic.vlan().equals(n.vlan()))).findFirst();
                if (byName.isPresent()) {
                    return byName;
                }
            }
        }
        return pool.stream().filter(n -> Objects.equals(n.vlan(), nic.vlan())).findFirst();
    }

    private Optional<ImageView> imageFor(String target) {
        Optional<ImageView> byFile = storage.imageAt(Path.of(target));
        if (byFile.isPresent() || target.contains("/")) {
            return byFile;
        }
        return storage.listImages(null).stream().filter(i -> i.name().equalsIgnoreCase(target)).findFirst();
    }

    private String freeName(ImageView image, String wanted) {
        Set<String> taken = new HashSet<>();
        storage.listImages(image.srId()).forEach(i -> taken.add(i.name().toLowerCase(Locale.ROOT)));
        String name = wanted;
        for (int n = 2; taken.contains(name.toLowerCase(Locale.ROOT)); n++) {
            name = wanted + "-" + n;
        }
        return name;
    }
}
