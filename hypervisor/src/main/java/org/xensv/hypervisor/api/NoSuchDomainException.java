package org.xensv.hypervisor.api;

import java.util.UUID;

/** The host knows no domain with this UUID. */
public final class NoSuchDomainException extends HypervisorException {

    public NoSuchDomainException(String host, UUID uuid) {
        super("NO_SUCH_DOMAIN", named("host", host, "uuid", uuid.toString()),
                "Host '" + host + "' has no domain " + uuid + ".");
    }
}
