package org.xensv.toolstack.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's own PostgreSQL session, outside the connection pool: its advisory locks live as long
 * as it does (a pooled connection may be retired and replaced under them), and it listens for the
 * other consoles' events. One connection, used by one caller at a time. When it breaks, the next call
 * opens another and tells {@link #onOpen} listeners, which take their state again (the leases held on
 * the old session are gone with it, and the LISTEN with them).
 */
final class ClusterSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterSession.class);

    /** Something done with the session's connection. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final String url;
    private final String user;
    private final String password;
    private final List<Work<?>> openListeners = new CopyOnWriteArrayList<>();
    private Connection connection;
    private String schema;
    private boolean closed;

    ClusterSession(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Runs on every new connection, before any other call uses it. */
    void onOpen(Work<?> listener) {
        openListeners.add(listener);
    }

    synchronized <T> T call(Work<T> work) throws SQLException {
        Connection current = open();
        try {
            return work.run(current);
        } catch (SQLException e) {
            if (!isValid(current)) {
                log.warn("the console's cluster session to PostgreSQL broke ({}); its leases are given up and taken again on a new one",
                        e.getMessage());
                drop();
            }
            throw e;
        }
    }

    /** The schema the console's tables live in: leases and the event channel are named within it. */
    synchronized String schema() throws SQLException {
        open();
        return schema;
    }

    private Connection open() throws SQLException {
        if (closed) {
            throw new SQLException("the console is stopping: its cluster session is closed");
        }
        if (connection != null) {
            return connection;
        }
        Connection fresh = DriverManager.getConnection(url, user, password);
        try {
            fresh.setAutoCommit(true);
            try (var statement = fresh.createStatement(); var rows = statement.executeQuery("SELECT current_schema()")) {
                rows.next();
                schema = rows.getString(1);
            }
            connection = fresh;
            for (Work<?> listener : openListeners) {
                listener.run(fresh);
            }
            return fresh;
        } catch (SQLException | RuntimeException e) {
            connection = null;
            fresh.close();
            throw e;
        }
    }

    private static boolean isValid(Connection connection) {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void drop() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // broken already
        }
        connection = null;
    }

    /** Ends the session: PostgreSQL releases every lease it held and stops sending it events. */
    @Override
    public synchronized void close() {
        closed = true;
        drop();
    }
}
