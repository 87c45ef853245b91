package org.xensv.agent.server;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.xensv.agent.proto.Endpoint;
import org.xensv.agent.proto.MigrateRequest;
import org.xensv.agent.proto.MigrationStarted;
import org.xensv.agent.proto.MigrationUpdate;
import org.xensv.agent.wire.Errors;
import org.xensv.agent.wire.MigrationMessages;
import org.xensv.hypervisor.migration.MigrationEndpoint;
import org.xensv.hypervisor.migration.MigrationFailedException;
import org.xensv.hypervisor.migration.MigrationHandle;
import org.xensv.hypervisor.migration.MigrationOptions;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.Migration;

import static org.xensv.agent.wire.DomainMessages.uuid;

/**
 * The agent's side of the Migration capability: its endpoint is the {@link MigrationGateway}'s TLS
 * port, and a migration it sends goes through a TLS relay to the destination's gateway. A running
 * migration is reported on the {@code Migrate} call's stream and can be cancelled by its id.
 */
final class AgentMigrations {

    private final HostConnection host;
    private final MigrationGateway gateway;
    private final Map<UUID, MigrationHandle> running = new ConcurrentHashMap<>();

    AgentMigrations(HostConnection host, MigrationGateway gateway) {
        this.host = host;
        this.gateway = gateway;
    }

    private Migration migration() {
        return host.require(Migration.class, "live migration");
    }

    Endpoint receiveEndpoint() {
        return MigrationMessages.toProto(gateway.endpoint());
    }

    org.xensv.agent.proto.MigrationPrediction predict(MigrateRequest request) {
        return MigrationMessages.toProto(migration().predict(uuid(request.getUuid()), MigrationMessages.options(request.getOptions())));
    }

    void migrate(MigrateRequest request, ServerCallStreamObserver<MigrationUpdate> stream) {
        UUID domain = uuid(request.getUuid());
        MigrationEndpoint destination = MigrationMessages.endpoint(request.getDestination());
        MigrationOptions options = MigrationMessages.options(request.getOptions());
        Object lock = new Object();
        MigrationGateway.Outbound relay = gateway.outbound(destination);
        MigrationHandle handle;
        try {
            handle = migration().migrate(domain, relay.endpoint(), options, event -> {
                synchronized (lock) {
                    if (!stream.isCancelled()) {
                        stream.onNext(MigrationUpdate.newBuilder().setPhase(event.phase().name())
                                .setProgress(MigrationMessages.toProto(event)).build());
                    }
                }
            });
        } catch (RuntimeException e) {
            relay.close();
            throw e;
        }
        running.put(handle.migrationId(), handle);
        synchronized (lock) {
            stream.onNext(MigrationUpdate.newBuilder().setPhase(handle.phase().name()).setStarted(MigrationStarted.newBuilder()
                    .setMigrationId(handle.migrationId().toString()).setPrediction(MigrationMessages.toProto(handle.prediction()))).build());
        }
        handle.result().whenComplete((report, failure) -> {
            relay.close();
            running.remove(handle.migrationId());
            synchronized (lock) {
                if (stream.isCancelled()) {
                    return;
                }
                if (failure == null) {
                    stream.onNext(MigrationUpdate.newBuilder().setPhase(handle.phase().name())
                            .setReport(MigrationMessages.toProto(report, destination.toString())).build());
                    stream.onCompleted();
                } else {
                    stream.onError(Errors.toStatus(naming(unwrap(failure), destination)));
                }
            }
        });
    }

    boolean cancel(UUID migrationId) {
        MigrationHandle handle = running.get(migrationId);
        return handle != null && handle.cancel();
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** The engine names the loopback relay it streamed to; the console asked for the destination agent. */
    private static Throwable naming(Throwable failure, MigrationEndpoint destination) {
        if (failure instanceof MigrationFailedException e) {
            return new MigrationFailedException(String.valueOf(e.params().get("vm")), destination.toString(), e.phase(), e.reason(),
                    e.sourceRunning(), e);
        }
        return failure;
    }
}
