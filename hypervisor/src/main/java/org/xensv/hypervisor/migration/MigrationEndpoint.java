package org.xensv.hypervisor.migration;

import java.net.InetSocketAddress;
import org.xensv.hypervisor.api.InvalidValueException;

/** Where a destination host accepts incoming migration streams (a TCP address). */
public record MigrationEndpoint(String host, int port) {

    public MigrationEndpoint {
        if (host == null || host.isBlank()) {
            throw new InvalidValueException("migration.host", host, "must name a host");
        }
        if (port < 1 || port > 65535) {
            throw new InvalidValueException("migration.port", port, "must be between 1 and 65535");
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
