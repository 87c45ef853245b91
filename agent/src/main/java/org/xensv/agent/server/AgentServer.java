package org.xensv.agent.server;

import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.xensv.hypervisor.embedded.EmbeddedDriver;
import org.xensv.hypervisor.embedded.EmbeddedMemoryBudget;
import org.xensv.hypervisor.embedded.EmbeddedRuntime;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.Migration;

/**
 * A running host agent: an embedded host, its gRPC control service behind mutual TLS, and its
 * migration gateway. {@code xensv-agent} runs one per process; tests run several in one JVM.
 */
public final class AgentServer implements AutoCloseable {

    public static final String VERSION = versionOf();

    private final AgentConfig config;
    private final HostConnection host;
    private final MigrationGateway gateway;
    private final AgentService service;
    private final Server server;

    private AgentServer(AgentConfig config, HostConnection host, MigrationGateway gateway, AgentService service, Server server) {
        this.config = config;
        this.host = host;
        this.gateway = gateway;
        this.service = service;
        this.server = server;
    }

    public static AgentServer start(AgentConfig config) {
        InetAddress bind;
        try {
            bind = InetAddress.getByName(config.listenHost());
        } catch (UnknownHostException e) {
            throw new org.xensv.hypervisor.api.InvalidValueException("listen", config.listenHost(), "is not an address of this machine");
        }
        var credentials = config.credentials();
        long memory = config.memoryMiB() > 0 ? config.memoryMiB() : EmbeddedMemoryBudget.process().shareMiB(1);
        HostConnection host = new EmbeddedDriver().connect(URI.create("embedded://" + config.hostName() + "?pcpus=" + config.pcpus()
                + "&memoryMiB=" + memory));
        MigrationGateway gateway = null;
        AgentService service = null;
        try {
            Migration migration = host.require(Migration.class, "live migration");
            gateway = MigrationGateway.open(credentials.sslContext(), bind, config.migrationPort(), config.advertiseHost(),
                    migration::receiveEndpoint);
            service = new AgentService(host, new AgentMigrations(host, gateway), VERSION);
            ServerCredentials tls = TlsServerCredentials.newBuilder()
                    .keyManager(credentials.keyManagers())
                    .trustManager(credentials.trustManagers())
                    .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                    .build();
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress(bind, config.port()), tls)
                    .addService(service)
                    .permitKeepAliveTime(5, TimeUnit.SECONDS)
                    .permitKeepAliveWithoutCalls(true)
                    .build()
                    .start();
            return new AgentServer(config, host, gateway, service, server);
        } catch (IOException | RuntimeException e) {
            if (gateway != null) {
                gateway.close();
            }
            if (service != null) {
                service.shutdown();
            }
            host.close();
            EmbeddedRuntime.remove(config.hostName());
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot listen on " + config.listenHost() + ":" + config.port() + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The control port (the one the console's {@code xensv+tcp://host:port} names). */
    public int port() {
        return server.getPort();
    }

    public String hostName() {
        return config.hostName();
    }

    public String migrationEndpoint() {
        return gateway.endpoint().toString();
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops serving and powers the host off (its running domains stop with it). */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        gateway.close();
        service.shutdown();
        host.close();
        EmbeddedRuntime.remove(config.hostName());
    }

    private static String versionOf() {
        String version = AgentServer.class.getPackage().getImplementationVersion();
        return version != null ? version : "0.1.0-SNAPSHOT";
    }
}
