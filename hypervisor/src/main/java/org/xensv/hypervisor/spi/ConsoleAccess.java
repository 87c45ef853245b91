package org.xensv.hypervisor.spi;

import java.util.UUID;

/** The domain's serial console: what the guest printed, newest last. */
public interface ConsoleAccess extends Capability {

    String readConsole(UUID uuid, int maxChars);
}
