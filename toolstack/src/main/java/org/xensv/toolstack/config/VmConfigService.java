package org.xensv.toolstack.config;

import java.util.UUID;

import org.springframework.stereotype.Service;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmView;

/**
 * Export of any VM as xl.cfg or libvirt domain XML, and import of either to create a VM through
 * {@link VmService#create} (so with the same validation and placement as the New VM wizard). A file
 * with syntax errors or out-of-range values is refused with every problem and its line; settings the
 * VM does not take are listed back in {@link ImportedVm#ignored()}.
 */
@Service
public class VmConfigService {

    /** The largest file accepted for import: a domain config is a few KiB. */
    public static final int MAX_FILE_BYTES = 256 * 1024;

    private final VmService vms;

    VmConfigService(VmService vms) {
        this.vms = vms;
    }

    public ExportedFile export(UUID vmId, ConfigFormat format, LibvirtXml.Hypervisor hypervisor) {
        VmView vm = vms.get(vmId);
        DomainFile file = DomainFiles.of(vm);
        String content = switch (format) {
            case XL -> XlCfg.write(file);
            case LIBVIRT -> LibvirtXml.write(file, hypervisor == null ? LibvirtXml.Hypervisor.KVM : hypervisor);
        };
        return new ExportedFile(vm.name() + format.extension(), format.contentType(), content);
    }

    public ImportedVm importFile(ConfigFormat format, String text, ImportOptions options) {
        if (text == null || text.isBlank()) {
            throw new ConfigFileException(format.label(), java.util.List.of(new ConfigProblem(0, null, "the file is empty")));
        }
        ParsedFile parsed = switch (format) {
            case XL -> XlCfg.parse(text);
            case LIBVIRT -> LibvirtXml.parse(text);
        };
        DomainFiles.Mapped mapped = DomainFiles.toSpec(parsed, format, options == null ? new ImportOptions(null, null, false) : options);
        VmService.Created created = vms.create(mapped.spec());
        return new ImportedVm(created.vm(), mapped.notes().stream().map(DomainFiles.Note::ignored).toList(),
                created.createTask(), created.startTask());
    }
}
