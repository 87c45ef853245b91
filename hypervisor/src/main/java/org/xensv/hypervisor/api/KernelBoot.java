package org.xensv.hypervisor.api;

import java.nio.file.Path;

/**
 * Direct kernel boot, as QEMU's {@code -kernel}/{@code -initrd}/{@code -append} and libvirt's
 * {@code <os><kernel>}: the host loads this kernel (and initial ramdisk) into the guest and starts it
 * with this command line, with no firmware boot from a disk. Both paths are files on the host, absolute;
 * {@code initrd} may be null, {@code cmdline} empty.
 */
public record KernelBoot(String kernel, String initrd, String cmdline) {

    /** Linux's {@code COMMAND_LINE_SIZE} on x86. */
    public static final int MAX_CMDLINE = 2048;

    public KernelBoot {
        if (kernel == null || !Path.of(kernel).isAbsolute()) {
            throw new InvalidValueException("kernelBoot.kernel", kernel, "must be an absolute path to a kernel image on the host");
        }
        if (initrd != null && !Path.of(initrd).isAbsolute()) {
            throw new InvalidValueException("kernelBoot.initrd", initrd, "must be an absolute path to an initial ramdisk on the host, or none");
        }
        cmdline = cmdline == null ? "" : cmdline.strip();
        if (cmdline.length() >= MAX_CMDLINE) {
            throw new InvalidValueException("kernelBoot.cmdline", cmdline.length() + " characters", "must be shorter than " + MAX_CMDLINE + " characters");
        }
        if (cmdline.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidValueException("kernelBoot.cmdline", cmdline, "must be one line of printable characters");
        }
    }
}
