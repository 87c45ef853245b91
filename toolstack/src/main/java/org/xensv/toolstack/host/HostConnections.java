package org.xensv.toolstack.host;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import org.xensv.hypervisor.spi.Drivers;
import org.xensv.hypervisor.spi.HostConnection;

/** The open driver connection of each host, opened on demand and dropped when it dies. */
@Component
class HostConnections {

    private final Drivers drivers = Drivers.installed();
    private final Map<UUID, HostConnection> open = new ConcurrentHashMap<>();

    Drivers drivers() {
        return drivers;
    }

    /** The live connection, opening one if needed; throws a HypervisorException if the host cannot be reached. */
    HostConnection connect(UUID hostId, String uri) {
        HostConnection current = open.get(hostId);
        if (current != null && current.isAlive()) {
            return current;
        }
        drop(hostId);
        HostConnection fresh = drivers.connect(URI.create(uri));
        open.put(hostId, fresh);
        return fresh;
    }

    Optional<HostConnection> current(UUID hostId) {
        return Optional.ofNullable(open.get(hostId)).filter(HostConnection::isAlive);
    }

    /** The host is removed from the console: its driver gives back what it held for it (see {@link HostConnection#retire}). */
    void retire(UUID hostId, String uri) {
        HostConnection connection = open.remove(hostId);
        if (connection == null && uri.startsWith("embedded:")) {
            try {
                connection = drivers.connect(URI.create(uri)); // an embedded host lives on while unconnected: reach it to retire it
            } catch (RuntimeException gone) {
                return;
            }
        }
        if (connection != null) {
            connection.retire();
        }
    }

    void drop(UUID hostId) {
        HostConnection old = open.remove(hostId);
        if (old != null) {
            old.close();
        }
    }
}
