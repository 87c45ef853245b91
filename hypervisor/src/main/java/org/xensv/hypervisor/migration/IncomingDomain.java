package org.xensv.hypervisor.migration;

import org.xensv.hypervisor.embedded.memory.GuestMemory;

/** A domain being received: memory being filled, not running until {@link #start}. */
public interface IncomingDomain {

    String name();

    GuestMemory memory();

    /** Runs the guest from the received state over the received memory (absent pages fault). */
    void start(byte[] state);

    /** The migration failed before {@link #start}: forget everything (memory, definition). */
    void discard();
}
