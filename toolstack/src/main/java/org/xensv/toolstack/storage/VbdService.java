package org.xensv.toolstack.storage;

import org.xensv.toolstack.audit.Audited;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.error.StaleObjectException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.qos.QosPolicies;
import org.xensv.toolstack.qos.QosSettings;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmView;

/**
 * A VM's disks (VBDs): attach an image under a device name, detach it. The VM must be halted (disks
 * are not hot-plugged); its host gets the new config at once. Rules: device names xvd*, sd*, vd*
 * (a..z, then aa..zz) or hda..hdd, unique per VM; an ISO is read-only; a CD is read-only; at most one
 * bootable disk; a read-write image belongs to one VM; an image on a host's local storage belongs to
 * one VM of that host.
 */
@Service
public class VbdService {

    private static final Pattern DEVICE = Pattern.compile("(xvd|sd|vd)[a-z]{1,2}|hd[a-d]");
    private static final long MAX_IOPS = 1_000_000;
    private static final long MAX_MBPS = 100_000;

    private final VbdRepository vbds;
    private final ImageRepository images;
    private final SrRepository srs;
    private final VmService vms;
    private final StorageService storage;
    private final QosPolicies policies;
    private final VbdQos qos;
    private final EventBus events;
    private final TransactionTemplate tx;

    VbdService(VbdRepository vbds, ImageRepository images, SrRepository srs, VmService vms, StorageService storage,
               QosPolicies policies, VbdQos qos, EventBus events, PlatformTransactionManager transactions) {
        this.storage = storage;
        this.policies = policies;
        this.qos = qos;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.vbds = vbds;
        this.images = images;
        this.srs = srs;
        this.vms = vms;
    }

    @Transactional(readOnly = true)
    public List<VbdView> list(UUID vmId) {
        vms.get(vmId);
        return vbds.findByVmIdOrderByDevice(vmId).stream().sorted(StorageDisks.bootOrder()).map(this::view).toList();
    }

    @Transactional
    @Audited("vbd.attach")
    public VbdView attach(UUID vmId, VbdSpec spec) {
        VmView vm = vms.get(vmId);
        if (spec.imageId() == null) {
            throw new InvalidValueException("imageId", null, "is required: pick an image");
        }
        Image image = images.findById(spec.imageId())
                .orElseThrow(() -> new InvalidValueException("imageId", spec.imageId(), "must name an existing image"));
        boolean cdrom = spec.cdrom() != null ? spec.cdrom() : image.format() == ImageFormat.ISO;
        String mode = spec.mode() == null || spec.mode().isBlank() ? (image.readOnly() || cdrom ? "RO" : "RW")
                : spec.mode().strip().toUpperCase(Locale.ROOT);
        if (!mode.equals("RO") && !mode.equals("RW")) {
            throw new InvalidValueException("mode", spec.mode(), "must be RO (read-only) or RW (read-write)");
        }
        boolean readOnly = mode.equals("RO");
        if (!readOnly && image.readOnly()) {
            throw new InvalidValueException("mode", mode, "must be RO: '" + image.name() + "' is an ISO, which is read-only");
        }
        if (!readOnly && cdrom) {
            throw new InvalidValueException("mode", mode, "must be RO for a CD");
        }
        List<Vbd> existing = vbds.findByVmIdOrderByDevice(vmId);
        String device = spec.device() == null || spec.device().isBlank() ? nextDevice(existing, cdrom)
                : spec.device().strip().toLowerCase(Locale.ROOT);
        if (!DEVICE.matcher(device).matches()) {
            throw new InvalidValueException("device", spec.device(), "must be a device name such as xvda, sda, vda or hda..hdd");
        }
        if (existing.stream().anyMatch(v -> v.device().equals(device))) {
            throw new InvalidValueException("device", device, "is already used by another disk of VM '" + vm.name() + "'");
        }
        boolean bootable = Boolean.TRUE.equals(spec.bootable());
        if (bootable && existing.stream().anyMatch(Vbd::bootable)) {
            throw new InvalidValueException("bootable", true, "is already set on another disk of VM '" + vm.name() + "'; a VM boots from one disk");
        }
        long iops = limit("iopsLimit", spec.iopsLimit(), MAX_IOPS);
        long mbps = limit("mbpsLimit", spec.mbpsLimit(), MAX_MBPS);
        QosSettings policy = policies.require(spec.qosPolicyId(), "qosPolicyId");
        StorageRepository sr = srs.findById(image.srId()).orElseThrow();
        if (sr.kind() == SrKind.LOCAL && !sr.hostId().equals(vm.hostId())) {
            throw new InvalidValueException("imageId", image.name(), "is on '" + sr.name() + "', which host " + vm.hostName()
                    + " does not reach; pick an image on that host's local storage or on shared storage");
        }
        List<Vbd> users = vbds.findByImageId(image.id());
        if (users.stream().anyMatch(v -> v.vmId().equals(vmId))) {
            throw new InvalidValueException("imageId", image.name(), "is already attached to VM '" + vm.name() + "'");
        }
        if (!users.isEmpty() && (sr.kind() == SrKind.LOCAL || !readOnly || users.stream().anyMatch(v -> !v.readOnly()))) {
            String other = vms.get(users.get(0).vmId()).name();
            throw new ConflictException("IMAGE_IN_USE", Map.of("image", image.name(), "vms", List.of(other)),
                    "Image '" + image.name() + "' is already attached to VM '" + other + "'"
                            + (sr.kind() == SrKind.LOCAL ? "; an image on local storage belongs to one VM." : "; only read-only attachments can be shared."));
        }
        Vbd vbd = vbds.saveAndFlush(new Vbd(vmId, image.id(), device, readOnly, bootable, cdrom, iops, mbps,
                policy == null ? null : policy.id()));
        vms.redefine(vmId, "attach a disk");
        return view(vbd);
    }

    /**
     * A new blank disk of {@code sizeMiB} in the repository, attached as the VM's bootable disk (the
     * New VM wizard's disk step). Refused as a whole: no image row or file is left if the attach fails.
     */
    @Transactional
    @Audited("vbd.attach-new-disk")
    public VbdView attachNewDisk(UUID vmId, UUID srId, Long sizeMiB) {
        VmView vm = vms.get(vmId);
        String name = vm.name() + "-disk";
        for (int i = 2; images.existsBySrIdAndNameIgnoreCase(srId, name); i++) {
            name = vm.name() + "-disk" + i;
        }
        ImageView image = storage.createBlank(new ImageSpec(srId, name, "Disk of VM " + vm.name(), sizeMiB));
        java.nio.file.Path file = storage.fileOf(image.id());
        try {
            return attach(vmId, new VbdSpec(image.id(), null, null, true, null, null, null));
        } catch (RuntimeException e) {
            ImageFiles.deleteQuietly(file);
            throw e;
        }
    }

    /**
     * Sets a disk's own limits and QoS policy, and gives its host the limits that apply: live while
     * the VM runs or is paused, in its definition otherwise. Refused, nothing changed, if a value is
     * out of range, the policy does not exist, or the host cannot take the change.
     */
    @Audited("vbd.set-qos")
    public VbdView setQos(UUID vmId, UUID vbdId, VbdQosForm form) {
        long iops = limit("iopsLimit", form.iopsLimit(), MAX_IOPS);
        long mbps = limit("mbpsLimit", form.mbpsLimit(), MAX_MBPS);
        QosSettings policy = policies.require(form.qosPolicyId(), "qosPolicyId");
        UUID policyId = policy == null ? null : policy.id();
        record Before(long iopsLimit, long mbpsLimit, UUID qosPolicyId) {
        }
        Before before = tx.execute(s -> {
            Vbd vbd = find(vmId, vbdId);
            StaleObjectException.check("disk", vbd.device(), form.version(), vbd.version());
            Before b = new Before(vbd.iopsLimit(), vbd.mbpsLimit(), vbd.qosPolicyId());
            vbd.changeQos(iops, mbps, policyId);
            return b;
        });
        try {
            qos.applyTo(vbdId);
        } catch (RuntimeException e) {
            tx.executeWithoutResult(s -> find(vmId, vbdId).changeQos(before.iopsLimit(), before.mbpsLimit(), before.qosPolicyId()));
            throw e;
        }
        events.changed(ObjectType.VM, vmId);
        return tx.execute(s -> view(find(vmId, vbdId)));
    }

    private Vbd find(UUID vmId, UUID vbdId) {
        return vbds.findById(vbdId).filter(v -> v.vmId().equals(vmId))
                .orElseThrow(() -> new NotFoundException("disk of this VM", vbdId));
    }

    @Transactional
    @Audited("vbd.detach")
    public void detach(UUID vmId, UUID vbdId) {
        Vbd vbd = vbds.findById(vbdId).filter(v -> v.vmId().equals(vmId))
                .orElseThrow(() -> new NotFoundException("disk of this VM", vbdId));
        vbds.delete(vbd);
        vbds.flush();
        vms.redefine(vmId, "detach a disk");
    }

    private static long limit(String field, Long value, long max) {
        if (value == null) {
            return 0;
        }
        if (value < 0 || value > max) {
            throw new InvalidValueException(field, value, "must be between 0 (unlimited) and " + max);
        }
        return value;
    }

    /** The first free xvd name (xvda, xvdb...), or hdc..hdd for a CD (the IDE slot of a CD drive). */
    static String nextDevice(List<Vbd> existing, boolean cdrom) {
        Set<String> used = existing.stream().map(Vbd::device).collect(java.util.stream.Collectors.toSet());
        List<String> candidates = cdrom ? List.of("hdc", "hdd", "hdb", "hda") : null;
        if (candidates != null) {
            return candidates.stream().filter(d -> !used.contains(d)).findFirst().orElse("hdc");
        }
        for (char c = 'a'; c <= 'z'; c++) {
            if (!used.contains("xvd" + c)) {
                return "xvd" + c;
            }
        }
        return "xvdaa";
    }

    private VbdView view(Vbd vbd) {
        Image image = images.findById(vbd.imageId()).orElseThrow();
        return vbd.view(image.name(), image.sizeBytes(), policies.find(vbd.qosPolicyId()).orElse(null));
    }
}
