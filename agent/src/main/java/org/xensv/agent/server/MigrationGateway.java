package org.xensv.agent.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.xensv.hypervisor.migration.MigrationEndpoint;

/**
 * The agent's migration endpoint on the network. The embedded runtime's migration listener stays
 * on the loopback address; this gateway accepts migration streams on the agent's address over TLS
 * with client certificates from the console's CA only, and relays each to that listener. A
 * migration leaving this agent goes the other way: the engine streams to a loopback relay
 * ({@link #outbound}) that opens the TLS connection to the destination agent and checks its
 * certificate (issued by the same CA, for the address the console gave). So a stranger on the
 * network can neither feed an agent a migration stream nor receive one, and the stream is encrypted.
 */
final class MigrationGateway implements AutoCloseable {

    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    /**
     * AES-128-GCM first: on CPUs with AES instructions the JDK's intrinsics make it the cheapest
     * TLS 1.3 suite per byte (a quarter fewer AES rounds than AES-256), and the relays' CPU is what
     * limits a fast migration link here. AES-256-GCM stays allowed.
     */
    static final String[] CIPHER_SUITES = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"};

    private final SSLContext tls;
    private final SSLServerSocket server;
    private final String advertisedHost;
    private final Supplier<MigrationEndpoint> local;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private MigrationGateway(SSLContext tls, SSLServerSocket server, String advertisedHost, Supplier<MigrationEndpoint> local) {
        this.tls = tls;
        this.server = server;
        this.advertisedHost = advertisedHost;
        this.local = local;
    }

    /**
     * Listens on {@code bind:port} (0 = any free port) and relays to the endpoint {@code local} gives
     * (the runtime's loopback listener); {@code advertisedHost} is the address other agents dial.
     */
    static MigrationGateway open(SSLContext tls, InetAddress bind, int port, String advertisedHost, Supplier<MigrationEndpoint> local) {
        try {
            SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(bind, port), 16);
            server.setNeedClientAuth(true);
            server.setEnabledProtocols(new String[] {"TLSv1.3"});
            server.setEnabledCipherSuites(CIPHER_SUITES);
            SSLParameters order = server.getSSLParameters();
            order.setUseCipherSuitesOrder(true);
            server.setSSLParameters(order);
            MigrationGateway gateway = new MigrationGateway(tls, server, advertisedHost, local);
            Thread accept = new Thread(gateway::acceptLoop, "migration-gateway");
            accept.setDaemon(true);
            accept.start();
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the migration endpoint on " + bind.getHostAddress() + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    MigrationEndpoint endpoint() {
        return new MigrationEndpoint(advertisedHost, server.getLocalPort());
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket accepted = server.accept();
                Thread t = new Thread(() -> serve((SSLSocket) accepted), "migration-gateway-in");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /** An incoming stream: only after the peer proved a certificate from the console's CA is the runtime dialled. */
    private void serve(SSLSocket socket) {
        Socket inner = null;
        try {
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            socket.startHandshake();
            socket.setSoTimeout(0);
            MigrationEndpoint target = local.get();
            inner = new Socket();
            inner.setTcpNoDelay(true);
            inner.connect(target.address(), HANDSHAKE_TIMEOUT_MILLIS);
            track(socket, inner);
            Relay.start(socket, inner, "migration-gateway");
        } catch (IOException | RuntimeException e) {
            Relay.close(socket);
            if (inner != null) {
                Relay.close(inner);
            }
        }
    }

    private void track(Socket... sockets) {
        open.addAll(List.of(sockets));
        open.removeIf(Socket::isClosed);
    }

    /**
     * A loopback endpoint for the migration engine that carries each connection to {@code destination}
     * over TLS, checking that the destination presents a certificate from the console's CA for the
     * address it was dialled by. Closed when the migration ends.
     */
    Outbound outbound(MigrationEndpoint destination) {
        try {
            ServerSocket loopback = new ServerSocket();
            loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
            Outbound outbound = new Outbound(loopback, destination);
            Thread accept = new Thread(outbound::acceptLoop, "migration-gateway-out-" + destination);
            accept.setDaemon(true);
            accept.start();
            return outbound;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback relay for the migration to " + destination, e);
        }
    }

    final class Outbound implements AutoCloseable {

        private final ServerSocket loopback;
        private final MigrationEndpoint destination;
        private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        private volatile boolean done;

        private Outbound(ServerSocket loopback, MigrationEndpoint destination) {
            this.loopback = loopback;
            this.destination = destination;
        }

        MigrationEndpoint endpoint() {
            return new MigrationEndpoint(loopback.getInetAddress().getHostAddress(), loopback.getLocalPort());
        }

        private void acceptLoop() {
            while (!done) {
                try {
                    Socket engine = loopback.accept();
                    Thread t = new Thread(() -> dial(engine), "migration-gateway-dial");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    if (done) {
                        return;
                    }
                }
            }
        }

        private void dial(Socket engine) {
            SSLSocket remote = null;
            try {
                engine.setTcpNoDelay(true);
                remote = (SSLSocket) tls.getSocketFactory().createSocket();
                remote.setTcpNoDelay(true);
                remote.connect(destination.address(), HANDSHAKE_TIMEOUT_MILLIS);
                SSLParameters parameters = remote.getSSLParameters();
                parameters.setProtocols(new String[] {"TLSv1.3"});
                parameters.setCipherSuites(CIPHER_SUITES);
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                if (!destination.host().matches("[0-9.:]+")) {
                    parameters.setServerNames(List.of(new SNIHostName(destination.host())));
                }
                remote.setSSLParameters(parameters);
                remote.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
                remote.startHandshake();
                remote.setSoTimeout(0);
                sockets.add(engine);
                sockets.add(remote);
                Relay.start(engine, remote, "migration-gateway-out");
            } catch (IOException | RuntimeException e) {
                Relay.close(engine);
                if (remote != null) {
                    Relay.close(remote);
                }
            }
        }

        @Override
        public void close() {
            done = true;
            try {
                loopback.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            sockets.forEach(Relay::close);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(Relay::close);
    }
}
