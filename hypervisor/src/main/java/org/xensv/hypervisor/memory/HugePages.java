package org.xensv.hypervisor.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Transparent huge pages for guest RAM: the process's guest address space is advised
 * {@code madvise(MADV_HUGEPAGE)}, as QEMU advises its guest RAM, so that the first write to a 2 MiB
 * block backs all of it in one page fault (and one TLB entry) instead of 512 faults of 4 KiB each.
 * A migration's destination, which writes its guest's memory at the speed of the link, pays the
 * kernel's page faults on every page it receives; with huge pages it pays them once per 2 MiB.
 *
 * <p>Only for guests that arrive in bulk ({@link GuestMemory#arriving}: a migration's destination, a
 * resume; the {@link KeptRam kept pool} that serves them is in huge pages too): a booting guest
 * ({@link GuestMemory#booting}) writes its pages a few at a time, where a fault each costs little,
 * and keeps 4 KiB pages, so a small idle guest's few pages do not each become 2 MiB.
 *
 * <p>The trade-off (QEMU's): a guest that writes one 4 KiB page of a 2 MiB block has the whole block
 * resident. A page never written still costs nothing at the 2 MiB granularity (a block nobody wrote
 * is not backed), a guest never holds more than its size (its last, partial block has 4 KiB pages),
 * and the memory budget reserves every guest's full size anyway, so it still holds. What the guest
 * sees does not change: pages are still 4 KiB for the dirty log, post-copy and checksums; giving one
 * 4 KiB page back splits its block.
 *
 * <p>On by default ({@value #PROPERTY}{@code =false} turns it off). Used only where the kernel's
 * transparent huge pages are {@code always} or {@code madvise} and it takes the advice; otherwise
 * guest RAM has 4 KiB pages as before, and the reason is logged once. Linux only.
 */
public final class HugePages {

    /** System property: {@code false} keeps guest RAM in 4 KiB pages. */
    public static final String PROPERTY = "xensv.guest-ram.huge-pages";
    /** Where the kernel says whether transparent huge pages are {@code always}, {@code madvise} or {@code never}. */
    static final Path ENABLED = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private static final System.Logger LOG = System.getLogger(HugePages.class.getName());
    private static volatile String state = "not decided yet (no guest RAM reserved)";
    private static volatile boolean warned;

    private HugePages() {
    }

    /** True unless {@value #PROPERTY} is {@code false}. */
    public static boolean requested() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").strip());
    }

    /** True when guest RAM for arriving guests is advised as huge pages (decided at the first such guest or the kept pool's prefill). */
    public static boolean inUse() {
        return AddressSpace.available() && AddressSpace.hugePages();
    }

    /** A sentence for the log and the docs: in use, or why not. */
    public static String describe() {
        return "huge pages for guest RAM: " + state;
    }

    /**
     * The kernel's transparent huge page mode ({@code always}, {@code madvise} or {@code never}), or
     * {@code unknown} where it cannot be read (not Linux, or a kernel without them).
     */
    public static String kernelMode() {
        try {
            String line = Files.readString(ENABLED);
            int open = line.indexOf('[');
            int close = line.indexOf(']', open + 1);
            return open >= 0 && close > open ? line.substring(open + 1, close) : "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The first reservation: whether to use huge pages, {@code advise} advising it if so. */
    static boolean decide(BooleanSupplier advise) {
        if (!requested()) {
            state = "off (" + PROPERTY + "=false)";
            return false;
        }
        String mode = kernelMode();
        if (mode.equals("never") || mode.equals("unknown")) {
            state = "off (the kernel's transparent huge pages are " + mode + ")";
            LOG.log(System.Logger.Level.INFO, "Guest RAM uses 4 KiB pages: the kernel's transparent huge pages are " + mode + " ("
                    + ENABLED + ")");
            return false;
        }
        if (!advise.getAsBoolean()) {
            state = "off (madvise(MADV_HUGEPAGE) refused)";
            LOG.log(System.Logger.Level.WARNING, "Guest RAM uses 4 KiB pages: the kernel refused madvise(MADV_HUGEPAGE) for it");
            return false;
        }
        state = "on (transparent huge pages: " + mode + ")";
        return true;
    }

    /** A later reservation refused the advice: it keeps 4 KiB pages; said once. */
    static void adviceFailed() {
        if (!warned) {
            warned = true;
            LOG.log(System.Logger.Level.WARNING, "Part of guest RAM uses 4 KiB pages: the kernel refused madvise(MADV_HUGEPAGE) for it");
        }
    }
}
