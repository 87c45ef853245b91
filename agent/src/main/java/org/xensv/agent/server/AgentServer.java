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
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
    /** How often the kept domain configs catch up with the host (defines, undefines, migrations). */
    static final long SYNC_MILLIS = 1_000;

    private final AgentConfig config;
    private final HostConnection host;
    private final MigrationGateway gateway;
    private final AgentService service;
    private final Server server;
    private final DomainStore store;
    private final List<String> restored;
    private final ScheduledExecutorService syncTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-domain-store");
        t.setDaemon(true);
        return t;
    });

    private AgentServer(AgentConfig config, HostConnection host, MigrationGateway gateway, AgentService service, Server server,
                        DomainStore store, List<String> restored) {
        this.config = config;
        this.host = host;
        this.gateway = gateway;
        this.service = service;
        this.server = server;
        this.store = store;
        this.restored = restored;
        syncTimer.scheduleWithFixedDelay(this::sync, SYNC_MILLIS, SYNC_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sync() {
        try {
            store.sync(host);
        } catch (RuntimeException e) {
            System.getLogger(AgentServer.class.getName()).log(System.Logger.Level.WARNING, "keeping the domains' configs failed: {0}",
                    e.getMessage());
        }
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
            DomainStore store = new DomainStore(config.data().resolve("domains"));
            List<String> restored = store.restore(host);
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
            return new AgentServer(config, host, gateway, service, server, store, restored);
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

    /** The domains kept from the agent's last run that were defined again at this start. */
    public List<String> restoredDomains() {
        return restored;
    }

    /**
     * A clean stop (what {@code xensv-agent} does on SIGTERM or Ctrl-C): running and paused domains
     * are saved, every domain's config is kept, and the next start brings them back as they were.
     */
    public void stop() {
        syncTimer.shutdownNow();
        server.shutdown();
        store.saveAll(host);
        close();
    }

    /**
     * Stops serving and powers the host off without saving: as a crash does, its domains' configs stay
     * kept, and the next start defines them again halted.
     */
    @Override
    public void close() {
        syncTimer.shutdownNow();
        try {
            syncTimer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
