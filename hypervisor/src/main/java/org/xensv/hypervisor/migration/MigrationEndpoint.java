package org.xensv.hypervisor.migration;

import java.net.InetSocketAddress;
import org.xensv.hypervisor.api.InvalidValueException;

/**
 * Where a destination host accepts incoming migrations. For the embedded engine, the TCP address
 * of its migration listener ({@code libvirtUri} null). For a libvirt host, whose hypervisor moves
 * the guest itself, the libvirt URI the source connects to, and the address QEMU's migration data
 * is sent to ({@code port} 0: libvirt picks one from its range).
 */
public record MigrationEndpoint(String host, int port, String libvirtUri) {

    public MigrationEndpoint {
        if (host == null || host.isBlank()) {
            throw new InvalidValueException("migration.host", host, "must name a host");
        }
        if ((port < 1 && libvirtUri == null) || port < 0 || port > 65535) {
            throw new InvalidValueException("migration.port", port, "must be between 1 and 65535");
        }
    }

    /** The embedded engine's listener at this TCP address. */
    public MigrationEndpoint(String host, int port) {
        this(host, port, null);
    }

    /** True for a libvirt destination, false for an embedded engine's listener. */
    public boolean libvirt() {
        return libvirtUri != null;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return libvirtUri != null ? libvirtUri : host + ":" + port;
    }
}
