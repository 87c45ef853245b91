package org.xensv.hypervisor.migration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A host's migration endpoint: accepts incoming streams on a TCP port and runs one
 * {@link IncomingSession} per migration. Closing it (the host went away) cuts every connection and
 * discards every domain not yet resumed.
 */
public final class MigrationListener implements AutoCloseable {

    private final MigrationTarget target;
    private final ServerSocket server;
    private final Map<UUID, IncomingSession> sessions = new ConcurrentHashMap<>();
    /** How finished sessions ended (RESUMED or DISCARDED), for a source's status query; the last few hundred. */
    private final Map<UUID, String> outcomes = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, String> eldest) {
            return size() > 256;
        }
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** The ports this process's listeners listen on (all on loopback). */
    private static final Set<Integer> LOCAL_PORTS = ConcurrentHashMap.newKeySet();

    private MigrationListener(MigrationTarget target, ServerSocket server) {
        this.target = target;
        this.server = server;
    }

    /** Listens on 127.0.0.1 on an ephemeral port. */
    public static MigrationListener open(MigrationTarget target) {
        try {
            ServerSocket server = ServerSocketChannel.open().socket(); // its sockets have channels: see StreamReader
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            MigrationListener listener = new MigrationListener(target, server);
            LOCAL_PORTS.add(server.getLocalPort());
            Thread accept = new Thread(listener::acceptLoop, "migration-listener-" + target.hostName());
            accept.setDaemon(true);
            accept.start();
            return listener;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open the migration endpoint of " + target.hostName(), e);
        }
    }

    /**
     * True when {@code endpoint} is a listener of this very process: the destination receives on the
     * processors the source's guest and sender run on (embedded hosts of one console). A relay in
     * front of another process's listener (an agent's gateway) is not one.
     */
    static boolean inThisProcess(MigrationEndpoint endpoint) {
        try {
            return endpoint.host() != null && InetAddress.getByName(endpoint.host()).isLoopbackAddress()
                    && LOCAL_PORTS.contains(endpoint.port());
        } catch (IOException e) {
            return false;
        }
    }

    public MigrationEndpoint endpoint() {
        return new MigrationEndpoint(server.getInetAddress().getHostAddress(), server.getLocalPort());
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread t = new Thread(() -> serve(socket), "migration-in-" + target.hostName());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket socket) {
        IncomingSession session = null;
        StreamWriter writer = null;
        try {
            socket.setTcpNoDelay(true);
            writer = StreamWriter.on(socket, null);
            StreamReader reader = StreamReader.on(socket, "source " + socket.getRemoteSocketAddress());
            StreamReader.Record header = reader.read();
            if (header.type() != RecordType.HEADER) {
                throw new StreamCorruptedException("the stream does not start with a HEADER record");
            }
            if (header.getLong(0) != MigrationSender.MAGIC || header.getInt(8) != MigrationSender.STREAM_VERSION) {
                IncomingSession.sendError(writer, "MIGRATION_INCOMPATIBLE", "host " + target.hostName() + " speaks migration stream version "
                        + MigrationSender.STREAM_VERSION + ", the source sent version " + header.getInt(8));
                return;
            }
            int flags = header.getInt(12);
            UUID id = new UUID(header.getLong(16), header.getLong(24));
            if ((flags & MigrationSender.FLAG_QUERY) != 0) {
                IncomingSession known = sessions.get(id);
                String status = known != null ? known.status() : outcomes.getOrDefault(id, "DISCARDED");
                writer.write(RecordType.STATUS, status.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            if ((flags & MigrationSender.FLAG_RECOVER) != 0) {
                session = sessions.get(id);
                if (session == null || session.state() != IncomingSession.State.POST_COPY) {
                    IncomingSession.sendError(writer, "MIGRATION_UNKNOWN", "host " + target.hostName() + " has no post-copy migration " + id);
                    return;
                }
                session.recover(writer);
            } else {
                session = new IncomingSession(id, target);
                sessions.put(id, session);
                session.prepare(reader, writer);
            }
            session.receive(reader, writer);
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.connectionLost(writer, e instanceof IOException io ? io : new IOException(e.toString(), e));
            }
            drain(socket);
        } finally {
            if (session != null && session.finished()) {
                outcomes.put(session.id, session.state().name());
                sessions.remove(session.id);
                session.releaseMemory();
            }
            open.remove(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed
            }
        }
    }

    /**
     * Closes gracefully after an error so that the ERROR record reaches the source: a close with unread
     * data would reset the connection and could drop it.
     */
    private void drain(Socket socket) {
        if (closed || socket.isClosed()) {
            return;
        }
        try {
            socket.shutdownOutput();
            socket.setSoTimeout(2_000);
            var in = socket.getInputStream();
            byte[] sink = new byte[1 << 16];
            while (in.read(sink) >= 0) {
                // discard until the source closes
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** The host went away: stop listening, cut every stream, discard every copy not resumed. */
    @Override
    public void close() {
        closed = true;
        LOCAL_PORTS.remove(server.getLocalPort());
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        sessions.values().forEach(IncomingSession::discard);
    }

    /** Sessions still open (receiving, or in post-copy): for tests. */
    int openSessions() {
        return sessions.size();
    }
}
