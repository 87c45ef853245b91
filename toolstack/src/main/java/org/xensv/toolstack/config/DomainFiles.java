package org.xensv.toolstack.config;

import java.util.ArrayList;
import java.util.List;

import org.xensv.hypervisor.api.CrashAction;
import org.xensv.hypervisor.api.DomainType;
import org.xensv.toolstack.config.DomainFile.GuestType;
import org.xensv.toolstack.config.ParsedFile.Located;
import org.xensv.toolstack.vm.VmSpec;
import org.xensv.toolstack.vm.VmView;

/**
 * Maps a VM onto a {@link DomainFile} (export) and a file onto a {@link VmSpec} (import, created
 * halted: {@link DomainDevices} attaches the disks and NICs before it starts), listing every setting
 * of the file the VM does not take, with its line and the reason.
 */
final class DomainFiles {

    /** What the import did not take: the file's key, the line (0 = not known), and why. */
    record Note(String key, int line, String reason) {
        ImportedVm.Ignored ignored() {
            return new ImportedVm.Ignored(key, line, reason);
        }
    }

    private DomainFiles() {
    }

    /** The VM with the CPU weight and cap that apply to it (its own or its QoS policy's). */
    static DomainFile of(VmView vm, int cpuWeight, int cpuCap, List<DiskSpec> disks, List<VifSpec> vifs) {
        return new DomainFile(vm.name(), vm.id(), vm.type() == DomainType.HVM ? GuestType.HVM : GuestType.PV,
                vm.memoryMiB(), null, vm.vcpus(), null, cpuWeight, cpuCap > 0 ? cpuCap : null,
                LifecycleAction.DESTROY, LifecycleAction.RESTART, action(vm.onCrash()),
                null, null, null, null, null, "pty", disks, vifs, List.of());
    }

    private static LifecycleAction action(CrashAction a) {
        return switch (a) {
            case DESTROY -> LifecycleAction.DESTROY;
            case RESTART -> LifecycleAction.RESTART;
            case PRESERVE -> LifecycleAction.PRESERVE;
        };
    }

    /** The spec to create, and the notes; a file without the settings a VM needs is refused with them. */
    record Mapped(VmSpec spec, List<Note> notes) {
    }

    static Mapped toSpec(ParsedFile parsed, ConfigFormat format, ImportOptions options) {
        DomainFile f = parsed.file();
        List<Note> notes = new ArrayList<>();
        List<ConfigProblem> missing = new ArrayList<>();
        String name = options.name() != null && !options.name().isBlank() ? options.name().strip() : f.name();
        if (name == null) {
            missing.add(new ConfigProblem(0, "name", "is required (or give a name for the imported VM)"));
        } else if (options.name() != null && !options.name().isBlank() && f.name() != null && !f.name().equals(name)) {
            note(notes, parsed.at("name"), "replaced by the name given for the import (" + name + ")");
        }
        if (f.memoryMiB() == null) {
            missing.add(new ConfigProblem(0, "memory", "is required (in MiB)"));
        }
        if (!missing.isEmpty()) {
            throw new ConfigFileException(format.label(), missing);
        }
        if (f.uuid() != null) {
            note(notes, parsed.at("uuid"), "a new VM gets a new UUID");
        }
        String type = "PV";
        if (f.type() == GuestType.HVM) {
            type = "HVM";
        } else if (f.type() == GuestType.PVH) {
            note(notes, parsed.at("type"), "xensv runs PV and HVM guests: this PVH guest is imported as PV");
        }
        if (f.maxMemoryMiB() != null && !f.maxMemoryMiB().equals(f.memoryMiB())) {
            note(notes, parsed.at("maxmem"), "xensv VMs have fixed memory: the VM gets " + f.memoryMiB() + " MiB");
        }
        if (f.maxVcpus() != null && !f.maxVcpus().equals(f.vcpus())) {
            note(notes, parsed.at("maxvcpus"), "xensv VMs have a fixed vCPU count: the VM gets " + (f.vcpus() == null ? 1 : f.vcpus()));
        }
        if (f.onPoweroff() != null && f.onPoweroff() != LifecycleAction.DESTROY) {
            note(notes, parsed.at("on_poweroff"), "a VM that powers off is halted (destroy); " + f.onPoweroff().fileName() + " is not supported");
        }
        if (f.onReboot() != null && f.onReboot() != LifecycleAction.RESTART) {
            note(notes, parsed.at("on_reboot"), "a VM that reboots is restarted; " + f.onReboot().fileName() + " is not supported");
        }
        String onCrash = null;
        if (f.onCrash() != null) {
            onCrash = switch (f.onCrash()) {
                case DESTROY, COREDUMP_DESTROY -> "DESTROY";
                case PRESERVE -> "PRESERVE";
                default -> "RESTART";
            };
            if (!f.onCrash().name().equals(onCrash)) {
                note(notes, parsed.at("on_crash"), f.onCrash().fileName() + " is imported as " + onCrash.toLowerCase(java.util.Locale.ROOT)
                        + " (xensv has destroy, restart and preserve)");
            }
        }
        String boot = "the embedded runtime boots its own guest kernel: ignored";
        if (f.kernel() != null) {
            note(notes, parsed.at("kernel"), boot);
        }
        if (f.ramdisk() != null) {
            note(notes, parsed.at("ramdisk"), boot);
        }
        if (f.cmdline() != null) {
            note(notes, parsed.at("cmdline"), boot);
        }
        if (f.root() != null) {
            note(notes, parsed.at("root"), boot);
        }
        if (f.extra() != null) {
            note(notes, parsed.at("extra"), boot);
        }
        for (DomainFile.Unsupported u : f.unsupported()) {
            notes.add(new Note(u.key(), u.line(), u.reason()));
        }
        notes.sort(java.util.Comparator.comparingInt(Note::line));
        VmSpec spec = new VmSpec(name, "Imported from " + format.label(), type, f.vcpus() == null ? 1 : f.vcpus(),
                f.memoryMiB(), options.hostId(), null, null, null, null, null, onCrash, f.cpuWeight(), f.cpuCap(),
                false);
        return new Mapped(spec, notes);
    }

    private static void note(List<Note> notes, Located at, String reason) {
        notes.add(new Note(at.key(), at.line(), reason));
    }
}
