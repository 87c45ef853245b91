package org.xensv.toolstack.host;

import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xensv.toolstack.cluster.ClusterLocks;

/**
 * Which console serves each host, where several share the database: the one holding the host's
 * lease ({@code host:<id>}, see {@link ClusterLocks}) reconciles it, follows its domain events and
 * watches it for high availability; the others stand by and take the lease when its holder goes.
 * An embedded host lives inside one console's process and is served by that console alone
 * (the {@code console_id} recorded on it). A console alone on its database serves every host.
 */
@Component
public class HostLeases {

    private final ClusterLocks locks;
    private final HostRepository hosts;
    private final TransactionTemplate tx;

    HostLeases(ClusterLocks locks, HostRepository hosts, PlatformTransactionManager transactions) {
        this.locks = locks;
        this.hosts = hosts;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Whether this console serves the host, taking its lease if it is free; false for a host that is gone. */
    public boolean claim(UUID hostId) {
        if (!locks.shared() || locks.holds(lease(hostId))) {
            return true;
        }
        Host host = hosts.findById(hostId).orElse(null);
        if (host == null || !servable(host)) {
            return false;
        }
        return locks.tryHold(lease(hostId));
    }

    /** Whether this console serves the host now (holds its lease), without trying to take it. */
    public boolean serves(UUID hostId) {
        return !locks.shared() || locks.holds(lease(hostId));
    }

    /**
     * The console an embedded host lives in, if that is another console and it is not running: the
     * host went with its process, and no console can serve it until that one starts again.
     */
    public java.util.Optional<String> goneConsole(UUID hostId) {
        if (!locks.shared()) {
            return java.util.Optional.empty();
        }
        return hosts.findById(hostId)
                .filter(host -> host.embedded() && host.consoleId() != null && !host.consoleId().equals(locks.consoleId()))
                .map(Host::consoleId)
                .filter(console -> !locks.alive(console));
    }

    /** Gives the host up (it was removed); another console's claim then finds it gone too. */
    public void release(UUID hostId) {
        locks.release(lease(hostId));
    }

    /** An embedded host is servable only by the console it lives in; one not recorded yet is taken by the first to claim it. */
    private boolean servable(Host host) {
        if (!host.embedded()) {
            return true;
        }
        if (host.consoleId() == null) {
            Integer recorded = tx.execute(s -> hosts.recordConsole(host.id(), locks.consoleId()));
            return recorded != null && recorded == 1 || hosts.findById(host.id()).map(h -> locks.consoleId().equals(h.consoleId())).orElse(false);
        }
        return host.consoleId().equals(locks.consoleId());
    }

    private static String lease(UUID hostId) {
        return "host:" + hostId;
    }
}
