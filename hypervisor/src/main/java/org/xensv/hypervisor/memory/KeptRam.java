package org.xensv.hypervisor.memory;

/**
 * The kept pool: guest RAM given back by a guest that stays resident for the next one, as a
 * hypervisor's free pages are memory it holds already (Xen's heap is populated RAM, not a promise of
 * the kernel). A guest created on kept RAM writes its pages without a page fault and the kernel's
 * zeroing each; above all a migration's destination, which fills its memory at the speed of the link.
 *
 * <p>Bounded twice, and empty until {@link #configure configured} (the embedded runtime configures it
 * from its memory budget): it holds at most {@link #keepBytes()} resident bytes, and kept bytes plus
 * the RAM of every guest in the process never exceed {@link #limitBytes()} (the budget), so keeping
 * never makes the process hold more than its budget: a guest's range that would not fit is given
 * back to the system ({@code madvise(MADV_DONTNEED)}) as before, and kept ranges are given back as
 * soon as new guests need their room. What a guest never wrote is never shown to it (see
 * {@link GuestMemory}). The pool serves guests that arrive in bulk (a migration's destination, a
 * resume: {@link GuestMemory#arriving}); a booting guest takes fresh memory. Linux only; elsewhere
 * nothing is kept.
 */
public final class KeptRam {

    /** System property (MiB) for the cap of the kept pool; 0 keeps nothing. */
    public static final String KEEP_PROPERTY = "xensv.guest-ram.keep-mib";
    /** System property: {@code false} starts with the pool empty instead of {@link #prefill filled} to its cap. */
    public static final String PREFILL_PROPERTY = "xensv.guest-ram.prefill";
    /**
     * Default cap: this share of the budget ({@value #KEEP_PROPERTY}{@code =0} turns the pool off): room
     * for a migration's destination of a few GiB to land on resident memory, as on a host that ran
     * guests before...
     */
    public static final int DEFAULT_KEEP_PERCENT = 15;
    /** ...and at most this much. */
    public static final long DEFAULT_KEEP_MAX_MIB = 2048;

    private KeptRam() {
    }

    /** True where guest RAM comes from reserved address space (Linux): elsewhere nothing is kept. */
    public static boolean available() {
        return AddressSpace.available();
    }

    /** The default cap for a budget of {@code budgetMiB}: {@value #DEFAULT_KEEP_PERCENT}% of it, at most {@value #DEFAULT_KEEP_MAX_MIB} MiB. */
    public static long defaultKeepMiB(long budgetMiB) {
        return Math.min(DEFAULT_KEEP_MAX_MIB, Math.max(0, budgetMiB) * DEFAULT_KEEP_PERCENT / 100);
    }

    /**
     * Keeps at most {@code keepBytes} of freed guest RAM resident, and no more than fits beside the
     * guests' RAM under {@code limitBytes}. Kept RAM beyond either goes back to the system now.
     */
    public static void configure(long keepBytes, long limitBytes) {
        if (keepBytes < 0 || limitBytes < 0) {
            throw new IllegalArgumentException("kept RAM cap and limit must not be negative, got " + keepBytes + " and " + limitBytes);
        }
        if (AddressSpace.available()) {
            AddressSpace.configure(keepBytes, limitBytes);
        }
    }

    /**
     * Fills the pool to its cap now with resident memory (within the limit), so that the first guest
     * to arrive in bulk finds it as later ones do; returns the bytes added. Takes as long as the
     * kernel needs to back them (about a second for 2 GiB).
     */
    public static long prefill() {
        return AddressSpace.available() ? AddressSpace.prefill() : 0;
    }

    /**
     * Gives every kept range back to the system now, the cap unchanged (a measurement of the process's
     * native memory starts from nothing kept).
     */
    public static void giveBackAll() {
        if (AddressSpace.available()) {
            AddressSpace.giveBackKept();
        }
    }

    /** The cap: the most resident bytes the pool holds. */
    public static long keepBytes() {
        return AddressSpace.available() ? AddressSpace.keepCap() : 0;
    }

    /** The limit of kept bytes plus the RAM of every guest. */
    public static long limitBytes() {
        return AddressSpace.available() ? AddressSpace.limit() : 0;
    }

    /** Resident bytes held in the pool now, for no guest. */
    public static long keptBytes() {
        return AddressSpace.available() ? AddressSpace.keptBytes() : 0;
    }

    /** Bytes of RAM of the guests in the process now (their whole size, written or not). */
    public static long inUseBytes() {
        return AddressSpace.available() ? AddressSpace.inUseBytes() : 0;
    }
}
