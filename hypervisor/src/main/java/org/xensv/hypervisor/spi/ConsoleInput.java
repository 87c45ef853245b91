package org.xensv.hypervisor.spi;

import java.util.UUID;

/**
 * Typing on the domain's serial console: what is written here is what the guest reads, a line at a
 * time, as from a serial line. A driver without it answers the operation as unsupported.
 */
public interface ConsoleInput extends Capability {

    /** The most characters accepted in one call. */
    int MAX_INPUT = 1024;

    /**
     * Sends {@code text} to the guest's console. Refused when the domain is not running or paused
     * (nothing would read it) and when more than the guest has yet to read is waiting.
     */
    void writeConsole(UUID uuid, String text);
}
