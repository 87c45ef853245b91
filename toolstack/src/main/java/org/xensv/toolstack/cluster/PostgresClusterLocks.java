package org.xensv.toolstack.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases as PostgreSQL session-level advisory locks ({@code pg_try_advisory_lock}) on the console's
 * own session ({@link ClusterSession}): held until released or until the session ends, so the
 * leases of a console that dies, or loses its connection, are free again as soon as PostgreSQL
 * notices, and another console takes them at its next claim. A lease's 64-bit key is a digest of the
 * schema and the lease's name: consoles on one schema meet on the same keys, consoles on another
 * schema of the same database never do. Every console holds {@code console:<id>} while it runs: that
 * lease is how the others tell it is alive ({@code pg_locks}), and a second console started with the
 * same id is refused.
 */
final class PostgresClusterLocks implements ClusterLocks {

    private static final Logger log = LoggerFactory.getLogger(PostgresClusterLocks.class);

    private final ClusterSession session;
    private final String consoleId;
    /** The leases held on the current session; emptied when the session is replaced. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    PostgresClusterLocks(ClusterSession session, String consoleId) {
        this.session = session;
        this.consoleId = consoleId;
        session.onOpen(this::opened);
        try {
            session.call(connection -> null); // the first session: holds the console's own lease, or refuses to start
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the console's cluster session to PostgreSQL: " + e.getMessage(), e);
        }
    }

    private Void opened(Connection connection) throws SQLException {
        held.clear();
        String own = liveness(consoleId);
        if (!lock(connection, key(own))) {
            throw new IllegalStateException("xensv.cluster.console-id '" + consoleId + "' is already used by a running console"
                    + " on this database: give each console an id of its own (XENSV_CLUSTER_CONSOLE_ID)");
        }
        held.add(own);
        return null;
    }

    @Override
    public String consoleId() {
        return consoleId;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public boolean tryHold(String name) {
        if (held.contains(name)) {
            return true;
        }
        try {
            return session.call(connection -> {
                if (held.contains(name)) { // a new session may have been opened meanwhile, with nothing held
                    return true;
                }
                boolean taken = lock(connection, key(name));
                if (taken) {
                    held.add(name);
                }
                return taken;
            });
        } catch (SQLException e) {
            log.debug("cannot claim {}: {}", name, e.getMessage());
            return false;
        }
    }

    @Override
    public boolean holds(String name) {
        return held.contains(name);
    }

    @Override
    public void release(String name) {
        if (!held.contains(name) || name.equals(liveness(consoleId))) {
            return;
        }
        try {
            session.call(connection -> {
                if (held.remove(name)) {
                    try (var statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                        statement.setLong(1, key(name));
                        statement.execute();
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            log.debug("cannot release {}: {}", name, e.getMessage()); // a broken session released it already
        }
    }

    @Override
    public boolean alive(String otherId) {
        if (consoleId.equals(otherId)) {
            return true;
        }
        if (otherId == null) {
            return false;
        }
        try {
            return session.call(connection -> {
                long key = key(liveness(otherId));
                try (var statement = connection.prepareStatement("""
                        SELECT count(*) FROM pg_locks
                        WHERE locktype = 'advisory' AND granted AND objsubid = 1
                          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                          AND classid::text::bigint = ? AND objid::text::bigint = ?""")) {
                    statement.setLong(1, key >>> 32);
                    statement.setLong(2, key & 0xffffffffL);
                    try (var rows = statement.executeQuery()) {
                        rows.next();
                        return rows.getLong(1) > 0;
                    }
                }
            });
        } catch (SQLException e) {
            log.debug("cannot tell whether console {} runs: {}", otherId, e.getMessage());
            return true; // when in doubt, a console is left to finish its own work
        }
    }

    private static String liveness(String consoleId) {
        return "console:" + consoleId;
    }

    private static boolean lock(Connection connection, long key) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, key);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    private long key(String name) throws SQLException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((session.schema() + "/" + name).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
