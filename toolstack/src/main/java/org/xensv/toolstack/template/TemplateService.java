package org.xensv.toolstack.template;

import org.xensv.toolstack.audit.Audited;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.WorkloadSpec;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.network.VifForm;
import org.xensv.toolstack.network.VifService;
import org.xensv.toolstack.network.VifView;
import org.xensv.toolstack.storage.ImageView;
import org.xensv.toolstack.storage.StorageService;
import org.xensv.toolstack.storage.VbdService;
import org.xensv.toolstack.storage.VbdSpec;
import org.xensv.toolstack.storage.VbdView;
import org.xensv.toolstack.task.TaskView;
import org.xensv.toolstack.vm.VmQosForm;
import org.xensv.toolstack.vm.VmQosService;
import org.xensv.toolstack.vm.VmQosView;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmSpec;
import org.xensv.toolstack.vm.VmView;

/**
 * Templates: halted VMs that are never started, only copied. A copy gets the template's config,
 * its NICs on the same networks with fresh MACs, and a clone of each disk (a read-only disk on
 * shared storage, such as an ISO, is shared instead); the VM, its NICs and disks keep the
 * template's QoS policies. A copy is made whole or not at all: if a NIC
 * or a disk is refused, the new VM is discarded and the images cloned for it deleted.
 *
 * Not one transaction: each step has its own, and the driver calls happen between them.
 */
@Service
public class TemplateService {

    /** What a template holds besides its config: shown by the wizard before it copies them. */
    public record Contents(VmView template, List<VifView> nics, List<VbdView> disks) {
    }

    private final VmService vms;
    private final VifService vifs;
    private final VbdService vbds;
    private final StorageService storage;
    private final VmQosService qos;

    TemplateService(VmService vms, VifService vifs, VbdService vbds, StorageService storage, VmQosService qos) {
        this.qos = qos;
        this.vms = vms;
        this.vifs = vifs;
        this.vbds = vbds;
        this.storage = storage;
    }

    public List<VmView> list() {
        return vms.templates();
    }

    public VmView get(UUID id) {
        VmView vm = vms.get(id);
        if (!vm.template()) {
            throw new NotFoundException("template", id);
        }
        return vm;
    }

    public Contents contents(UUID id) {
        return new Contents(get(id), vifs.list(id), vbds.list(id));
    }

    /** Makes a halted VM a template. */
    @Audited("template.convert")
    public VmView convert(UUID vmId) {
        return vms.convertToTemplate(vmId);
    }

    /** A new VM copied from the template; see the class comment. Started after the copy if asked. */
    @Audited("template.instantiate")
    public VmService.Created instantiate(UUID templateId, InstantiateSpec spec) {
        Contents template = contents(templateId);
        VmView t = template.template();
        UUID hostId = spec.hostId() != null ? spec.hostId() : t.hostId();
        String description = spec.description() == null || spec.description().isBlank() ? t.description() : spec.description();
        long memory = spec.memoryMiB() != null ? spec.memoryMiB() : t.memoryMiB();
        // the guest's fill and working set as in the template where they fit the memory (else its defaults)
        // (a template from a libvirt host has no workload: the copy takes the defaults, used on embedded hosts only)
        WorkloadSpec w = t.workload();
        Long fill = w != null && w.fillMiB() <= memory ? w.fillMiB() : null;
        Long workingSet = w != null && w.workingSetMiB() <= memory ? w.workingSetMiB() : null;
        VmService.Created created = vms.create(new VmSpec(spec.name(), description, t.type().name(),
                spec.vcpus() != null ? spec.vcpus() : t.vcpus(), memory, hostId, w == null ? null : w.kind().name(), fill, workingSet,
                w == null ? null : w.pagesPerSecond(), w == null ? null : w.seed(), t.onCrash().name(), t.cpuWeight(), t.cpuCap(), false));
        UUID id = created.vm().id();
        List<UUID> clones = new ArrayList<>();
        try {
            VmQosView templateQos = qos.get(templateId);
            if (templateQos.qosPolicyId() != null) {
                qos.set(id, new VmQosForm(templateQos.qosPolicyId(), templateQos.cpuWeight(), templateQos.cpuCap()));
            }
            for (VifView nic : template.nics()) {
                vifs.add(id, new VifForm(nic.networkId(), null, nic.rate(), nic.device(), nic.qosPolicyId()));
            }
            for (VbdView disk : template.disks()) {
                UUID imageId = disk.imageId();
                boolean shared = "RO".equals(disk.mode()) && storage.onSharedStorage(imageId);
                if (!shared) {
                    ImageView clone = storage.cloneImageFor(imageId, created.vm().hostId(), created.vm().name() + "-" + disk.device());
                    clones.add(clone.id());
                    imageId = clone.id();
                }
                vbds.attach(id, new VbdSpec(imageId, disk.device(), disk.mode(), disk.bootable(), disk.cdrom(),
                        disk.iopsLimit(), disk.mbpsLimit(), disk.qosPolicyId()));
            }
        } catch (RuntimeException e) {
            undo(id, clones, e);
            throw e;
        }
        TaskView start = spec.startAfterCreate() ? vms.perform(id, Operation.START) : null;
        return new VmService.Created(vms.get(id), created.createTask(), start);
    }

    private void undo(UUID vmId, List<UUID> clones, RuntimeException cause) {
        try {
            vms.discard(vmId);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
        for (UUID clone : clones) {
            try {
                storage.deleteImage(clone);
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
