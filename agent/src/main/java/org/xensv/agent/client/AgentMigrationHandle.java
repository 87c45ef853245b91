package org.xensv.agent.client;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xensv.agent.proto.MigrateRequest;
import org.xensv.agent.proto.MigrationRef;
import org.xensv.agent.proto.MigrationUpdate;
import org.xensv.agent.wire.DomainMessages;
import org.xensv.agent.wire.Errors;
import org.xensv.agent.wire.MigrationMessages;
import org.xensv.hypervisor.api.HostUnreachableException;
import org.xensv.hypervisor.migration.MigrationHandle;
import org.xensv.hypervisor.migration.MigrationPhase;
import org.xensv.hypervisor.migration.MigrationPrediction;
import org.xensv.hypervisor.migration.MigrationProgress;
import org.xensv.hypervisor.migration.MigrationReport;

/**
 * A migration the source agent runs, followed through its {@code Migrate} stream: the first update
 * names it, then progress, then the report (or the failure as the same {@code MigrationFailedException}).
 */
final class AgentMigrationHandle implements MigrationHandle, StreamObserver<MigrationUpdate> {

    private final AgentConnection connection;
    private final MigrationProgress progress;
    private final CompletableFuture<MigrationUpdate> started = new CompletableFuture<>();
    private final CompletableFuture<MigrationReport> result = new CompletableFuture<>();
    private volatile MigrationPhase phase = MigrationPhase.CONNECTING;
    private volatile UUID id;
    private volatile MigrationPrediction prediction;

    private AgentMigrationHandle(AgentConnection connection, MigrationProgress progress) {
        this.connection = connection;
        this.progress = progress == null ? MigrationProgress.NONE : progress; // null: no listener, as the embedded runtime takes it
    }

    /** Starts the migration on the source agent and returns once the agent has started it (or refused). */
    static AgentMigrationHandle start(AgentConnection connection, MigrateRequest request, MigrationProgress progress, Duration deadline) {
        AgentMigrationHandle handle = new AgentMigrationHandle(connection, progress);
        connection.async().migrate(request, handle);
        try {
            MigrationUpdate first = handle.started.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            handle.id = DomainMessages.uuid(first.getStarted().getMigrationId());
            handle.prediction = MigrationMessages.prediction(first.getStarted().getPrediction());
            return handle;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new HostUnreachableException(connection.uri(), "the agent did not start the migration within " + deadline.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostUnreachableException(connection.uri(), "interrupted while starting the migration");
        }
    }

    @Override
    public void onNext(MigrationUpdate update) {
        phase = MigrationMessages.phase(update.getPhase());
        switch (update.getUpdateCase()) {
            case STARTED -> started.complete(update);
            case PROGRESS -> progress.onProgress(MigrationMessages.progress(update.getProgress()));
            case REPORT -> result.complete(MigrationMessages.report(update.getReport()));
            default -> { }
        }
    }

    @Override
    public void onError(Throwable t) {
        RuntimeException failure = t instanceof StatusRuntimeException s ? Errors.fromStatus(s, connection.uri())
                : new HostUnreachableException(connection.uri(), String.valueOf(t.getMessage()));
        phase = MigrationPhase.FAILED;
        started.completeExceptionally(failure);
        result.completeExceptionally(failure);
    }

    @Override
    public void onCompleted() {
        if (!result.isDone()) {
            result.completeExceptionally(new HostUnreachableException(connection.uri(), "the agent ended the migration without a report"));
        }
    }

    @Override
    public UUID migrationId() {
        return id;
    }

    @Override
    public MigrationPrediction prediction() {
        return prediction;
    }

    @Override
    public MigrationPhase phase() {
        return phase;
    }

    @Override
    public boolean cancel() {
        return connection.call(s -> s.cancelMigration(MigrationRef.newBuilder().setMigrationId(id.toString()).build())).getCancelled();
    }

    @Override
    public CompletableFuture<MigrationReport> result() {
        return result;
    }
}
