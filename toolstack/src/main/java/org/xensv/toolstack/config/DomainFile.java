package org.xensv.toolstack.config;

import java.util.List;
import java.util.UUID;

/**
 * A domain configuration file as written, neutral between xl.cfg and libvirt's domain XML: every
 * setting either format can carry that xensv reads, each null when the file does not give it, plus
 * the settings it read but does not support ({@link #unsupported}), kept so that nothing is dropped
 * silently. Values here are already checked against their ranges by the reader.
 *
 * <p>{@link DomainFiles} maps the VM's own settings (name, type, memory, vCPUs, CPU QoS, on_crash);
 * {@link DomainDevices} maps the disks and NICs onto images, VBDs, networks and VIFs.
 */
record DomainFile(String name, UUID uuid, GuestType type, Long memoryMiB, Long maxMemoryMiB,
                         Integer vcpus, Integer maxVcpus, Integer cpuWeight, Integer cpuCap,
                         LifecycleAction onPoweroff, LifecycleAction onReboot, LifecycleAction onCrash,
                         String kernel, String ramdisk, String cmdline, String root, String extra, String serial,
                         List<DiskSpec> disks, List<VifSpec> vifs, List<Unsupported> unsupported) {

    public DomainFile {
        disks = disks == null ? List.of() : List.copyOf(disks);
        vifs = vifs == null ? List.of() : List.copyOf(vifs);
        unsupported = unsupported == null ? List.of() : List.copyOf(unsupported);
    }

    /** The kernel command line the guest gets: {@code cmdline}, or else xl's {@code root=} and {@code extra} joined. */
    public String effectiveCmdline() {
        if (cmdline != null) {
            return cmdline;
        }
        if (root == null && extra == null) {
            return null;
        }
        return ((root == null ? "" : "root=" + root) + (root != null && extra != null ? " " : "")
                + (extra == null ? "" : extra));
    }

    public DomainFile withUnsupported(List<Unsupported> list) {
        return new DomainFile(name, uuid, type, memoryMiB, maxMemoryMiB, vcpus, maxVcpus, cpuWeight, cpuCap,
                onPoweroff, onReboot, onCrash, kernel, ramdisk, cmdline, root, extra, serial, disks, vifs, list);
    }

    /** Guest type as xl names it ({@code type=}). */
    public enum GuestType {
        PV, PVH, HVM;

        public String xlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A setting read but not supported: its key (e.g. {@code vnc} or {@code disk[0].script}), where, and why. */
    public record Unsupported(String key, int line, String value, String reason) {
    }
}
