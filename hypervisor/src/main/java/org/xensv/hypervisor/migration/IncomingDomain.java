package org.xensv.hypervisor.migration;

import org.xensv.hypervisor.memory.GuestMemory;

/** A domain being received: memory being filled, not running until {@link #start}. */
public interface IncomingDomain {

    String name();

    GuestMemory memory();

    /** Where the source's {@link MigrationSource#disks()} land, in the same order (none by default). */
    default java.util.List<IncomingDisk> disks() {
        return java.util.List.of();
    }

    /** Runs the guest from the received state over the received memory (absent pages fault). */
    void start(byte[] state);

    /** The migration failed (before {@link #start}, or rolled back after it): forget everything (memory, images, definition). */
    void discard();
}
