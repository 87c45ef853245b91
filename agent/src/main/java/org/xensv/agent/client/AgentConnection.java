package org.xensv.agent.client;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.xensv.agent.pki.Credentials;
import org.xensv.agent.proto.CpuQosRequest;
import org.xensv.agent.proto.DefineRequest;
import org.xensv.agent.proto.DiskLimitsRequest;
import org.xensv.agent.proto.Empty;
import org.xensv.agent.proto.HostAgentGrpc;
import org.xensv.agent.proto.InjectCrashRequest;
import org.xensv.agent.proto.MigrateRequest;
import org.xensv.agent.proto.NicRateRequest;
import org.xensv.agent.proto.PlugNicRequest;
import org.xensv.agent.proto.PowerAction;
import org.xensv.agent.proto.PowerRequest;
import org.xensv.agent.proto.ReadConsoleFromRequest;
import org.xensv.agent.proto.ReadConsoleRequest;
import org.xensv.agent.proto.UnplugNicRequest;
import org.xensv.agent.proto.WriteConsoleRequest;
import org.xensv.agent.wire.DomainMessages;
import org.xensv.agent.wire.Errors;
import org.xensv.agent.wire.MigrationMessages;
import org.xensv.hypervisor.api.CpuQos;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.DomainStats;
import org.xensv.hypervisor.api.HostInfo;
import org.xensv.hypervisor.api.HostStats;
import org.xensv.hypervisor.api.MemoryCheckReport;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.RateLimit;
import org.xensv.hypervisor.migration.MigrationEndpoint;
import org.xensv.hypervisor.migration.MigrationHandle;
import org.xensv.hypervisor.migration.MigrationOptions;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.hypervisor.migration.MigrationProgress;
import org.xensv.hypervisor.spi.Capability;
import org.xensv.hypervisor.spi.ConsoleAccess;
import org.xensv.hypervisor.spi.ConsoleChunk;
import org.xensv.hypervisor.spi.ConsoleInput;
import org.xensv.hypervisor.spi.DomainEventListener;
import org.xensv.hypervisor.spi.DomainEvents;
import org.xensv.hypervisor.spi.DomainFaults;
import org.xensv.hypervisor.spi.DomainLifecycle;
import org.xensv.hypervisor.spi.DomainNics;
import org.xensv.hypervisor.spi.DomainTuning;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.MemoryCheck;
import org.xensv.hypervisor.spi.Migration;
import org.xensv.hypervisor.spi.StatsSource;

import static org.xensv.agent.wire.DomainMessages.ref;
import static org.xensv.agent.wire.DomainMessages.toProto;

/**
 * A connection to a host agent: each SPI call is one gRPC call with a deadline, so a host that
 * stops answering fails the call with {@code HostUnreachableException} instead of holding its
 * caller. Managed save is not offered: an agent's domains run on when the console stops.
 */
final class AgentConnection implements HostConnection, DomainLifecycle, DomainTuning, DomainNics, DomainEvents, StatsSource,
        ConsoleAccess, ConsoleInput, DomainFaults, MemoryCheck, Migration {

    /** How long {@link #isAlive()} waits for the agent's answer. */
    static final Duration PING_DEADLINE = Duration.ofSeconds(3);
    /**
     * Calls that move a guest's whole memory (suspend and resume write and read it to disk; a memory
     * check reads every page) get this many times the deadline: a few GiB take longer than a control call.
     */
    static final int MEMORY_CALL_FACTOR = 10;

    private final String uri;
    private final ManagedChannel channel;
    private final Duration deadline;
    private final HostAgentGrpc.HostAgentBlockingStub stub;
    private final HostAgentGrpc.HostAgentStub async;
    private volatile boolean open = true;

    private AgentConnection(String uri, ManagedChannel channel, Duration deadline) {
        this.uri = uri;
        this.channel = channel;
        this.deadline = deadline;
        this.stub = HostAgentGrpc.newBlockingStub(channel);
        this.async = HostAgentGrpc.newStub(channel);
    }

    /** Connects and asks the agent for its host info once, so a wrong address or certificate fails here. */
    static AgentConnection open(String uri, String host, int port, Duration deadline, Credentials credentials) {
        ChannelCredentials tls = TlsChannelCredentials.newBuilder()
                .keyManager(credentials.keyManagers())
                .trustManager(credentials.trustManagers())
                .build();
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(host, port, tls)
                .keepAliveTime(10, TimeUnit.SECONDS)
                .keepAliveTimeout(5, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(true)
                .build();
        AgentConnection connection = new AgentConnection(uri, channel, deadline);
        try {
            connection.hostInfo();
            return connection;
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    <T> T call(Function<HostAgentGrpc.HostAgentBlockingStub, T> rpc) {
        return call(rpc, deadline);
    }

    private <T> T call(Function<HostAgentGrpc.HostAgentBlockingStub, T> rpc, Duration timeout) {
        try {
            return rpc.apply(stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (StatusRuntimeException e) {
            throw Errors.fromStatus(e, uri);
        }
    }

    HostAgentGrpc.HostAgentStub async() {
        return async;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String driverName() {
        return "agent";
    }

    @Override
    public HostInfo hostInfo() {
        return DomainMessages.hostInfo(call(s -> s.getHostInfo(Empty.getDefaultInstance())));
    }

    @Override
    public boolean isAlive() {
        if (!open) {
            return false;
        }
        try {
            call(s -> s.getHostInfo(Empty.getDefaultInstance()), PING_DEADLINE);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public <C extends Capability> Optional<C> find(Class<C> capability) {
        return capability.isInstance(this) ? Optional.of(capability.cast(this)) : Optional.empty();
    }

    @Override
    public void close() {
        open = false;
        channel.shutdownNow();
    }

    // ---- DomainLifecycle ---------------------------------------------------------------------

    @Override
    public DomainInfo define(DomainConfig config) {
        return DomainMessages.info(call(s -> s.define(DefineRequest.newBuilder().setConfig(toProto(config)).build())));
    }

    @Override
    public DomainInfo redefine(DomainConfig config) {
        return DomainMessages.info(call(s -> s.define(DefineRequest.newBuilder().setConfig(toProto(config)).setRedefine(true).build())));
    }

    @Override
    public void undefine(UUID uuid) {
        call(s -> s.undefine(ref(uuid)));
    }

    @Override
    public List<DomainInfo> list() {
        return call(s -> s.listDomains(Empty.getDefaultInstance())).getDomainsList().stream().map(DomainMessages::info).toList();
    }

    @Override
    public DomainInfo info(UUID uuid) {
        return DomainMessages.info(call(s -> s.getDomainInfo(ref(uuid))));
    }

    @Override
    public DomainConfig config(UUID uuid) {
        return DomainMessages.config(call(s -> s.getDomainConfig(ref(uuid))));
    }

    private void power(UUID uuid, PowerAction action) {
        boolean movesMemory = action == PowerAction.SUSPEND || action == PowerAction.RESUME;
        call(s -> s.power(PowerRequest.newBuilder().setUuid(uuid.toString()).setAction(action).build()),
                movesMemory ? deadline.multipliedBy(MEMORY_CALL_FACTOR) : deadline);
    }

    @Override
    public void start(UUID uuid) {
        power(uuid, PowerAction.START);
    }

    @Override
    public void pause(UUID uuid) {
        power(uuid, PowerAction.PAUSE);
    }

    @Override
    public void unpause(UUID uuid) {
        power(uuid, PowerAction.UNPAUSE);
    }

    @Override
    public void cleanShutdown(UUID uuid) {
        power(uuid, PowerAction.CLEAN_SHUTDOWN);
    }

    @Override
    public void hardShutdown(UUID uuid) {
        power(uuid, PowerAction.HARD_SHUTDOWN);
    }

    @Override
    public void cleanReboot(UUID uuid) {
        power(uuid, PowerAction.CLEAN_REBOOT);
    }

    @Override
    public void hardReboot(UUID uuid) {
        power(uuid, PowerAction.HARD_REBOOT);
    }

    @Override
    public void suspend(UUID uuid) {
        power(uuid, PowerAction.SUSPEND);
    }

    @Override
    public void resume(UUID uuid) {
        power(uuid, PowerAction.RESUME);
    }

    // ---- DomainTuning, DomainNics --------------------------------------------------------------

    @Override
    public void setCpuQos(UUID uuid, CpuQos qos) {
        call(s -> s.setCpuQos(CpuQosRequest.newBuilder().setUuid(uuid.toString()).setQos(toProto(qos)).build()));
    }

    @Override
    public void setNicRate(UUID uuid, String mac, RateLimit rate) {
        var request = NicRateRequest.newBuilder().setUuid(uuid.toString()).setMac(mac);
        if (rate != null) {
            request.setRate(toProto(rate));
        }
        call(s -> s.setNicRate(request.build()));
    }

    @Override
    public void setDiskLimits(UUID uuid, String path, long iopsLimit, long bytesPerSecondLimit) {
        call(s -> s.setDiskLimits(DiskLimitsRequest.newBuilder().setUuid(uuid.toString()).setPath(path).setIopsLimit(iopsLimit)
                .setBytesPerSecondLimit(bytesPerSecondLimit).build()));
    }

    @Override
    public void plugNic(UUID uuid, NicConfig nic) {
        call(s -> s.plugNic(PlugNicRequest.newBuilder().setUuid(uuid.toString()).setNic(toProto(nic)).build()));
    }

    @Override
    public void unplugNic(UUID uuid, String mac) {
        call(s -> s.unplugNic(UnplugNicRequest.newBuilder().setUuid(uuid.toString()).setMac(mac).build()));
    }

    // ---- Stats, console, faults, memory check --------------------------------------------------

    @Override
    public HostStats hostStats() {
        return DomainMessages.hostStats(call(s -> s.getHostStats(Empty.getDefaultInstance())));
    }

    @Override
    public DomainStats domainStats(UUID uuid) {
        return DomainMessages.domainStats(call(s -> s.getDomainStats(ref(uuid))));
    }

    @Override
    public String readConsole(UUID uuid, int maxChars) {
        return call(s -> s.readConsole(ReadConsoleRequest.newBuilder().setUuid(uuid.toString()).setMaxChars(maxChars).build())).getText();
    }

    @Override
    public ConsoleChunk readConsoleFrom(UUID uuid, long position, int maxChars) {
        org.xensv.agent.proto.ConsoleChunk chunk = call(s -> s.readConsoleFrom(ReadConsoleFromRequest.newBuilder()
                .setUuid(uuid.toString()).setPosition(position).setMaxChars(maxChars).build()));
        return new ConsoleChunk(chunk.getStart(), chunk.getEnd(), chunk.getText());
    }

    @Override
    public void writeConsole(UUID uuid, String text) {
        call(s -> s.writeConsole(WriteConsoleRequest.newBuilder().setUuid(uuid.toString()).setText(text).build()));
    }

    @Override
    public void injectCrash(UUID uuid, String reason) {
        call(s -> s.injectCrash(InjectCrashRequest.newBuilder().setUuid(uuid.toString()).setReason(reason == null ? "" : reason).build()));
    }

    @Override
    public MemoryCheckReport checkMemory(UUID uuid) {
        return DomainMessages.memoryReport(call(s -> s.checkMemory(ref(uuid)), deadline.multipliedBy(MEMORY_CALL_FACTOR)));
    }

    // ---- Events ------------------------------------------------------------------------------

    @Override
    public AutoCloseable subscribe(DomainEventListener listener) {
        return EventSubscription.open(this, listener);
    }

    // ---- Migration ---------------------------------------------------------------------------

    @Override
    public MigrationEndpoint receiveEndpoint() {
        return MigrationMessages.endpoint(call(s -> s.getReceiveEndpoint(Empty.getDefaultInstance())));
    }

    @Override
    public MigrationPrediction predict(UUID domain, MigrationOptions options) {
        return MigrationMessages.prediction(call(s -> s.predictMigration(MigrateRequest.newBuilder().setUuid(domain.toString())
                .setOptions(MigrationMessages.toProto(options)).build())));
    }

    @Override
    public MigrationHandle migrate(UUID domain, MigrationEndpoint destination, MigrationOptions options, MigrationProgress progress) {
        MigrateRequest request = MigrateRequest.newBuilder().setUuid(domain.toString())
                .setDestination(MigrationMessages.toProto(destination)).setOptions(MigrationMessages.toProto(options)).build();
        return AgentMigrationHandle.start(this, request, progress, deadline);
    }
}
