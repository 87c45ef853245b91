package org.xensv.toolstack.config;

import org.xensv.toolstack.audit.Audited;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.xensv.hypervisor.api.Operation;
import org.xensv.toolstack.task.TaskView;
import org.xensv.toolstack.vm.VmQosService;
import org.xensv.toolstack.vm.VmQosView;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmView;

/**
 * Export of any VM as xl.cfg or libvirt domain XML, and import of either to create a VM through
 * {@link VmService#create} (so with the same validation and placement as the New VM wizard). A file
 * with syntax errors or out-of-range values is refused with every problem and its line; settings the
 * VM does not take are listed back in {@link ImportedVm#ignored()}. An imported VM is created
 * halted, gets the file's disks and NICs ({@link DomainDevices}), and is started after that if asked.
 */
@Service
public class VmConfigService {

    /** The largest file accepted for import: a domain config is a few KiB. */
    public static final int MAX_FILE_BYTES = 256 * 1024;

    private final VmService vms;
    private final DomainDevices devices;
    private final VmQosService qos;

    VmConfigService(VmService vms, DomainDevices devices, VmQosService qos) {
        this.vms = vms;
        this.devices = devices;
        this.qos = qos;
    }

    public ExportedFile export(UUID vmId, ConfigFormat format, LibvirtXml.Hypervisor hypervisor) {
        VmView vm = vms.get(vmId);
        VmQosView cpu = qos.get(vmId);
        DomainFile file = DomainFiles.of(vm, cpu.effectiveCpuWeight().value(), cpu.effectiveCpuCap().value(),
                devices.disks(vmId), devices.vifs(vmId, format));
        String content = switch (format) {
            case XL -> XlCfg.write(file);
            case LIBVIRT -> LibvirtXml.write(file, hypervisor == null ? LibvirtXml.Hypervisor.KVM : hypervisor);
        };
        return new ExportedFile(vm.name() + format.extension(), format.contentType(), content);
    }

    @Audited("config.import")
    public ImportedVm importFile(ConfigFormat format, String text, ImportOptions options) {
        if (text == null || text.isBlank()) {
            throw new ConfigFileException(format.label(), List.of(new ConfigProblem(0, null, "the file is empty")));
        }
        ParsedFile parsed = switch (format) {
            case XL -> XlCfg.parse(text);
            case LIBVIRT -> LibvirtXml.parse(text);
        };
        ImportOptions opts = options == null ? new ImportOptions(null, null, false) : options;
        DomainFiles.Mapped mapped = DomainFiles.toSpec(parsed, format, opts);
        VmService.Created created = vms.create(mapped.spec());
        UUID id = created.vm().id();
        List<DomainFiles.Note> notes = new ArrayList<>(mapped.notes());
        try {
            notes.addAll(devices.attach(id, created.vm().name(), parsed));
        } catch (RuntimeException e) {
            vms.perform(id, Operation.DESTROY);
            throw e;
        }
        notes.sort(Comparator.comparingInt(DomainFiles.Note::line));
        TaskView start = Boolean.TRUE.equals(opts.start()) ? vms.perform(id, Operation.START) : null;
        return new ImportedVm(vms.get(id), notes.stream().map(DomainFiles.Note::ignored).toList(), created.createTask(), start);
    }
}
