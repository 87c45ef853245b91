package org.xensv.hypervisor.spi;

import java.util.UUID;

/** The domain's serial console: what the guest printed, newest last. */
public interface ConsoleAccess extends Capability {

    String readConsole(UUID uuid, int maxChars);

    /**
     * What the guest printed from {@code position} on (a position a previous chunk ended at, or 0 for
     * all that is kept), at most {@code maxChars} characters of it, oldest first.
     */
    ConsoleChunk readConsoleFrom(UUID uuid, long position, int maxChars);
}
