package org.xensv.hypervisor.memory;

/**
 * Thrown by a guest access to an absent page (post-copy): the vCPU stops its current step, waits
 * until {@link GuestMemory#whenPresent} calls back, then redoes the step. Stackless and cheap.
 */
public final class PageFault extends RuntimeException {

    private final long pfn;

    PageFault(long pfn) {
        super("page " + pfn + " is absent", null, false, false);
        this.pfn = pfn;
    }

    public long pfn() {
        return pfn;
    }
}
