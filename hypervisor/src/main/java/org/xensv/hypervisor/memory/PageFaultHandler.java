package org.xensv.hypervisor.memory;

/**
 * Called when the guest touches a page marked absent (post-copy migration): the handler asks for the
 * page (e.g. sends a request to the source host) and returns at once; the page arrives later through
 * {@link GuestMemory#installPage}, which wakes whoever waits for it.
 */
@FunctionalInterface
public interface PageFaultHandler {

    void pageFault(long pfn);
}
