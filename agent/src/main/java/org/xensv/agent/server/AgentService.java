package org.xensv.agent.server;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.xensv.agent.proto.CancelReply;
import org.xensv.agent.proto.ConsoleText;
import org.xensv.agent.proto.CpuQosRequest;
import org.xensv.agent.proto.DefineRequest;
import org.xensv.agent.proto.DiskLimitsRequest;
import org.xensv.agent.proto.DomainList;
import org.xensv.agent.proto.DomainListChanged;
import org.xensv.agent.proto.DomainRef;
import org.xensv.agent.proto.Empty;
import org.xensv.agent.proto.Endpoint;
import org.xensv.agent.proto.HostAgentGrpc;
import org.xensv.agent.proto.HostEvent;
import org.xensv.agent.proto.InjectCrashRequest;
import org.xensv.agent.proto.MigrateRequest;
import org.xensv.agent.proto.MigrationRef;
import org.xensv.agent.proto.MigrationUpdate;
import org.xensv.agent.proto.NicRateRequest;
import org.xensv.agent.proto.PlugNicRequest;
import org.xensv.agent.proto.PowerRequest;
import org.xensv.agent.proto.PowerStateChanged;
import org.xensv.agent.proto.ReadConsoleFromRequest;
import org.xensv.agent.proto.ReadConsoleRequest;
import org.xensv.agent.proto.UnplugNicRequest;
import org.xensv.agent.proto.WatchRequest;
import org.xensv.agent.proto.WriteConsoleRequest;
import org.xensv.agent.wire.DomainMessages;
import org.xensv.agent.wire.Errors;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.PowerState;
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
import org.xensv.hypervisor.spi.StatsSource;

import static org.xensv.agent.wire.DomainMessages.toProto;
import static org.xensv.agent.wire.DomainMessages.uuid;

/**
 * The agent's gRPC service: each RPC is one SPI call on the host the agent serves (its embedded
 * runtime), and a refusal goes back as the same {@code HypervisorException} (see {@link Errors}).
 * Migrations are handled by {@link AgentMigrations}.
 */
final class AgentService extends HostAgentGrpc.HostAgentImplBase {

    private final HostConnection host;
    private final AgentMigrations migrations;
    private final String agentVersion;
    private final ScheduledExecutorService statsTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-stats");
        t.setDaemon(true);
        return t;
    });

    AgentService(HostConnection host, AgentMigrations migrations, String agentVersion) {
        this.host = host;
        this.migrations = migrations;
        this.agentVersion = agentVersion;
    }

    void shutdown() {
        statsTimer.shutdownNow();
    }

    private static <T> void answer(StreamObserver<T> reply, Supplier<T> call) {
        T value;
        try {
            value = call.get();
        } catch (RuntimeException e) {
            reply.onError(Errors.toStatus(e));
            return;
        }
        reply.onNext(value);
        reply.onCompleted();
    }

    private static void run(StreamObserver<Empty> reply, Runnable call) {
        answer(reply, () -> {
            call.run();
            return Empty.getDefaultInstance();
        });
    }

    private DomainLifecycle lifecycle() {
        return host.lifecycle();
    }

    private <C extends org.xensv.hypervisor.spi.Capability> C need(Class<C> capability, String operation) {
        return host.require(capability, operation);
    }

    @Override
    public void getHostInfo(Empty request, StreamObserver<org.xensv.agent.proto.HostInfo> reply) {
        answer(reply, () -> toProto(host.hostInfo(), agentVersion));
    }

    @Override
    public void define(DefineRequest request, StreamObserver<org.xensv.agent.proto.DomainInfo> reply) {
        answer(reply, () -> toProto(request.getRedefine() ? lifecycle().redefine(DomainMessages.config(request.getConfig()))
                : lifecycle().define(DomainMessages.config(request.getConfig()))));
    }

    @Override
    public void undefine(DomainRef request, StreamObserver<Empty> reply) {
        run(reply, () -> lifecycle().undefine(uuid(request.getUuid())));
    }

    @Override
    public void listDomains(Empty request, StreamObserver<DomainList> reply) {
        answer(reply, () -> DomainList.newBuilder().addAllDomains(lifecycle().list().stream().map(DomainMessages::toProto).toList()).build());
    }

    @Override
    public void getDomainInfo(DomainRef request, StreamObserver<org.xensv.agent.proto.DomainInfo> reply) {
        answer(reply, () -> toProto(lifecycle().info(uuid(request.getUuid()))));
    }

    @Override
    public void getDomainConfig(DomainRef request, StreamObserver<org.xensv.agent.proto.DomainConfig> reply) {
        answer(reply, () -> toProto(lifecycle().config(uuid(request.getUuid()))));
    }

    @Override
    public void power(PowerRequest request, StreamObserver<Empty> reply) {
        run(reply, () -> {
            UUID uuid = uuid(request.getUuid());
            DomainLifecycle l = lifecycle();
            switch (request.getAction()) {
                case START -> l.start(uuid);
                case PAUSE -> l.pause(uuid);
                case UNPAUSE -> l.unpause(uuid);
                case CLEAN_SHUTDOWN -> l.cleanShutdown(uuid);
                case HARD_SHUTDOWN -> l.hardShutdown(uuid);
                case CLEAN_REBOOT -> l.cleanReboot(uuid);
                case HARD_REBOOT -> l.hardReboot(uuid);
                case SUSPEND -> l.suspend(uuid);
                case RESUME -> l.resume(uuid);
                default -> throw new InvalidValueException("action", request.getAction(), "must name a power operation");
            }
        });
    }

    @Override
    public void setCpuQos(CpuQosRequest request, StreamObserver<Empty> reply) {
        run(reply, () -> need(DomainTuning.class, "CPU QoS").setCpuQos(uuid(request.getUuid()), DomainMessages.cpuQos(request.getQos())));
    }

    @Override
    public void setNicRate(NicRateRequest request, StreamObserver<Empty> reply) {
        run(reply, () -> need(DomainTuning.class, "NIC rate limits").setNicRate(uuid(request.getUuid()), request.getMac(),
                request.hasRate() ? DomainMessages.rateLimit(request.getRate()) : null));
    }

    @Override
    public void setDiskLimits(DiskLimitsRequest request, StreamObserver<Empty> reply) {
        run(reply, () -> need(DomainTuning.class, "disk IO limits").setDiskLimits(uuid(request.getUuid()), request.getPath(),
                request.getIopsLimit(), request.getBytesPerSecondLimit()));
    }

    @Override
    public void plugNic(PlugNicRequest request, StreamObserver<Empty> reply) {
        run(reply, () -> need(DomainNics.class, "NIC hot-plug").plugNic(uuid(request.getUuid()), DomainMessages.nic(request.getNic())));
    }

    @Override
    public void unplugNic(UnplugNicRequest request, StreamObserver<Empty> reply) {
        run(reply, () -> need(DomainNics.class, "NIC hot-unplug").unplugNic(uuid(request.getUuid()), request.getMac()));
    }

    @Override
    public void getHostStats(Empty request, StreamObserver<org.xensv.agent.proto.HostStats> reply) {
        answer(reply, () -> toProto(need(StatsSource.class, "stats").hostStats()));
    }

    @Override
    public void getDomainStats(DomainRef request, StreamObserver<org.xensv.agent.proto.DomainStats> reply) {
        answer(reply, () -> toProto(need(StatsSource.class, "stats").domainStats(uuid(request.getUuid()))));
    }

    @Override
    public void readConsole(ReadConsoleRequest request, StreamObserver<ConsoleText> reply) {
        answer(reply, () -> ConsoleText.newBuilder().setText(need(ConsoleAccess.class, "console")
                .readConsole(uuid(request.getUuid()), request.getMaxChars())).build());
    }

    @Override
    public void readConsoleFrom(ReadConsoleFromRequest request, StreamObserver<org.xensv.agent.proto.ConsoleChunk> reply) {
        answer(reply, () -> {
            ConsoleChunk chunk = need(ConsoleAccess.class, "console")
                    .readConsoleFrom(uuid(request.getUuid()), request.getPosition(), request.getMaxChars());
            return org.xensv.agent.proto.ConsoleChunk.newBuilder().setStart(chunk.start()).setEnd(chunk.end()).setText(chunk.text()).build();
        });
    }

    @Override
    public void writeConsole(WriteConsoleRequest request, StreamObserver<Empty> reply) {
        run(reply, () -> need(ConsoleInput.class, "console input").writeConsole(uuid(request.getUuid()), request.getText()));
    }

    @Override
    public void injectCrash(InjectCrashRequest request, StreamObserver<Empty> reply) {
        run(reply, () -> need(DomainFaults.class, "fault injection").injectCrash(uuid(request.getUuid()), request.getReason()));
    }

    @Override
    public void checkMemory(DomainRef request, StreamObserver<org.xensv.agent.proto.MemoryCheckReport> reply) {
        answer(reply, () -> toProto(need(MemoryCheck.class, "memory check").checkMemory(uuid(request.getUuid()))));
    }

    @Override
    public void getReceiveEndpoint(Empty request, StreamObserver<Endpoint> reply) {
        answer(reply, migrations::receiveEndpoint);
    }

    @Override
    public void predictMigration(MigrateRequest request, StreamObserver<org.xensv.agent.proto.MigrationPrediction> reply) {
        answer(reply, () -> migrations.predict(request));
    }

    @Override
    public void migrate(MigrateRequest request, StreamObserver<MigrationUpdate> reply) {
        try {
            migrations.migrate(request, (ServerCallStreamObserver<MigrationUpdate>) reply);
        } catch (RuntimeException e) {
            reply.onError(Errors.toStatus(e));
        }
    }

    @Override
    public void cancelMigration(MigrationRef request, StreamObserver<CancelReply> reply) {
        answer(reply, () -> CancelReply.newBuilder().setCancelled(migrations.cancel(uuid(request.getMigrationId()))).build());
    }

    /**
     * The host's events as they happen, and its stats every {@code stats_interval_millis}, until the
     * console cancels the call (or the connection drops).
     */
    @Override
    public void watch(WatchRequest request, StreamObserver<HostEvent> reply) {
        ServerCallStreamObserver<HostEvent> stream = (ServerCallStreamObserver<HostEvent>) reply;
        Object lock = new Object();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        DomainEventListener listener = new DomainEventListener() {
            @Override
            public void powerStateChanged(UUID uuid, PowerState powerState, String reason) {
                send(HostEvent.newBuilder().setPowerStateChanged(PowerStateChanged.newBuilder().setUuid(uuid.toString())
                        .setPowerState(powerState.name()).setReason(reason == null ? "" : reason)).build());
            }

            @Override
            public void domainListChanged(UUID uuid, String reason) {
                send(HostEvent.newBuilder().setDomainListChanged(DomainListChanged.newBuilder().setUuid(uuid.toString())
                        .setReason(reason == null ? "" : reason)).build());
            }

            private void send(HostEvent event) {
                synchronized (lock) {
                    if (!stream.isCancelled() && !done.get()) {
                        stream.onNext(event);
                    }
                }
            }
        };
        AutoCloseable subscription;
        try {
            subscription = need(DomainEvents.class, "domain events").subscribe(listener);
        } catch (RuntimeException e) {
            reply.onError(Errors.toStatus(e));
            return;
        }
        ScheduledFuture<?> stats = null;
        if (request.getStatsIntervalMillis() > 0) {
            long every = Math.max(100, request.getStatsIntervalMillis());
            stats = statsTimer.scheduleAtFixedRate(() -> {
                try {
                    var s = toProto(need(StatsSource.class, "stats").hostStats());
                    synchronized (lock) {
                        if (!stream.isCancelled() && !done.get()) {
                            stream.onNext(HostEvent.newBuilder().setHostStats(s).build());
                        }
                    }
                } catch (RuntimeException e) {
                    // the host is going away: the stream ends with the agent
                }
            }, 0, every, TimeUnit.MILLISECONDS);
        }
        ScheduledFuture<?> timer = stats;
        stream.setOnCancelHandler(() -> {
            done.set(true);
            if (timer != null) {
                timer.cancel(false);
            }
            try {
                subscription.close();
            } catch (Exception ignored) {
                // unsubscribing anyway
            }
        });
    }
}
