package org.xensv.toolstack.task;

import org.xensv.toolstack.audit.Audited;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xensv.hypervisor.api.HypervisorException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.xensv.toolstack.audit.Actor;
import org.xensv.toolstack.cluster.ClusterLocks;
import org.xensv.toolstack.audit.AuditLog;
import org.xensv.toolstack.audit.AuditOutcome;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;

/**
 * Runs every control operation as a persisted task: created with the caller's transaction, run
 * after it commits, its progress, outcome and error saved as it goes. Tasks interrupted by a
 * restart are marked failed when the toolstack comes back.
 * <p>
 * A task runs in the console that was asked for it, which records itself on the task. Where consoles
 * share a database, a console that starts fails only its own earlier tasks and those of consoles
 * that are gone; every {@code xensv.cluster.claim-interval} each console also fails the tasks of a
 * console that has gone since (claimed with {@code FOR UPDATE SKIP LOCKED}, so once), and picks up
 * the cancel requests that other consoles wrote on the tasks it runs.
 */
@Service
public class TaskService implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(TaskService.class);
    private static final long PROGRESS_SAVE_INTERVAL_NANOS = 200_000_000L;

    private final TaskRepository tasks;
    private final EventBus events;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("xensv-task-", 0).factory());
    private final Set<UUID> cancelRequests = ConcurrentHashMap.newKeySet();

    private final ClusterLocks cluster;
    private final ApplicationEventPublisher publisher;

    TaskService(TaskRepository tasks, EventBus events, PlatformTransactionManager transactions, AuditLog audit,
                ClusterLocks cluster, ApplicationEventPublisher publisher) {
        this.cluster = cluster;
        this.publisher = publisher;
        this.tasks = tasks;
        this.audit = audit;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    /** What the task is about, for its row in the task list. */
    public record Subject(String operation, ObjectType type, UUID id, String name) {
    }

    /**
     * Creates a pending task in the current transaction and runs {@code body} once it commits;
     * {@code outcome} then settles the model in a new transaction.
     */
    @Transactional
    public TaskView submit(String title, Subject subject, boolean cancellable, TaskBody body, TaskOutcome outcome) {
        Actor submitter = Actor.current();
        Task task = tasks.save(new Task(title, subject.operation(), subject.type().name(), subject.id(), subject.name(), cancellable,
                submitter.name()).on(cluster.consoleId()));
        events.created(ObjectType.TASK, task.id());
        UUID id = task.id();
        Runnable start = () -> executor.execute(() -> submitter.run(() -> {
            execute(id, body, outcome);
            audited(id, submitter);
            return null;
        }));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    start.run();
                }
            });
        } else {
            start.run();
        }
        return task.view();
    }

    /** Records an operation that already completed synchronously (e.g. a VM created). */
    @Transactional
    public TaskView record(String title, Subject subject, String result) {
        Task task = new Task(title, subject.operation(), subject.type().name(), subject.id(), subject.name(), false,
                Actor.current().name()).on(cluster.consoleId());
        task.started();
        task.succeeded(result);
        tasks.save(task);
        events.created(ObjectType.TASK, task.id());
        return task.view();
    }

    /**
     * Records, as a failed task, something that went wrong without a request (e.g. a VM found halted
     * after an unclean stop), so the task list says so.
     */
    @Transactional
    public TaskView recordFailure(String title, Subject subject, String code, String message) {
        Task task = new Task(title, subject.operation(), subject.type().name(), subject.id(), subject.name(), false,
                Actor.current().name()).on(cluster.consoleId());
        task.started();
        task.failed(code, message);
        tasks.save(task);
        events.created(ObjectType.TASK, task.id());
        return task.view();
    }

    @Transactional(readOnly = true)
    public List<TaskView> recent(int limit) {
        return tasks.findAllByOrderByCreatedAtDesc(PageRequest.of(0, Math.max(1, Math.min(limit, 1000))))
                .stream().map(Task::view).toList();
    }

    @Transactional(readOnly = true)
    public List<TaskView> forObject(UUID objectId, int limit) {
        return tasks.findByObjectIdOrderByCreatedAtDesc(objectId, PageRequest.of(0, Math.max(1, Math.min(limit, 1000))))
                .stream().map(Task::view).toList();
    }

    @Transactional(readOnly = true)
    public TaskView get(UUID id) {
        return find(id).view();
    }

    /** Asks a running task to stop; it ends as cancelled at its next safe point. */
    @Transactional(readOnly = true)
    @Audited("task.cancel")
    public TaskView cancel(UUID id) {
        Task task = find(id);
        if (task.status().finished()) {
            throw new ConflictException("TASK_FINISHED", Map.of("task", id.toString(), "status", task.status().name()),
                    "Task " + id + " has already finished (" + task.status().name().toLowerCase() + ").");
        }
        if (!task.isCancellable()) {
            throw new ConflictException("TASK_NOT_CANCELLABLE", Map.of("task", id.toString()),
                    "Task '" + task.view().name() + "' cannot be cancelled: it runs to completion on its own.");
        }
        cancelRequests.add(id);
        if (cluster.shared() && !cluster.consoleId().equals(task.consoleId())) {
            // another console runs it: the request goes on the row, where that console reads it
            tx.executeWithoutResult(s -> find(id).requestCancel());
        }
        return task.view();
    }

    /**
     * A task still pending or running when the console starts was cut off by the previous process's
     * stop or crash (its thread is gone with it): it ends failed, with the reason, never left
     * pending. It runs once every bean is made and before the web server takes requests. The VMs'
     * interrupted operations are cleared by {@code VmService} once the console has started.
     */
    @Override
    public void afterSingletonsInstantiated() {
        // before the web server starts: no request ever sees a task of the previous process as running
        failInterruptedTasks(Instant.now());
    }

    /** Marks every pending or running task failed as interrupted by the restart at {@code restartedAt}; returns how many. */
    int failInterruptedTasks(Instant restartedAt) {
        Integer count = tx.execute(s -> {
            List<Task> interrupted = !cluster.shared() ? tasks.findByStatusIn(List.of(TaskStatus.PENDING, TaskStatus.RUNNING))
                    : tasks.lockUnfinished().stream()
                            .filter(t -> cluster.consoleId().equals(t.consoleId()) || !cluster.alive(t.consoleId())).toList();
            for (Task task : interrupted) {
                task.failed("INTERRUPTED", "Interrupted by a restart of the console at "
                        + restartedAt.truncatedTo(ChronoUnit.SECONDS) + " (UTC): the task did not finish. Run it again if it is still wanted.");
                events.changed(ObjectType.TASK, task.id());
            }
            return interrupted.size();
        });
        if (count != null && count > 0) {
            log.warn("{} task(s) were interrupted by the restart and are marked failed", count);
        }
        return count == null ? 0 : count;
    }

    /**
     * Where consoles share the database: fails the tasks of consoles that have gone (each task once,
     * whichever console gets to it), and takes up the cancel requests written on this console's tasks.
     */
    @Scheduled(fixedDelayString = "${xensv.cluster.claim-interval:PT2S}", initialDelayString = "${xensv.cluster.claim-interval:PT2S}")
    void sweep() {
        if (!cluster.shared()) {
            return;
        }
        try {
            cancelRequests.addAll(tasks.cancelRequestedOn(cluster.consoleId()));
            List<UUID> objects = tx.execute(s -> {
                Instant now = Instant.now();
                List<UUID> about = new java.util.ArrayList<>();
                for (Task task : tasks.lockUnfinished()) {
                    if (cluster.consoleId().equals(task.consoleId()) || cluster.alive(task.consoleId())) {
                        continue;
                    }
                    task.failed("INTERRUPTED", "Interrupted: console '" + task.consoleId() + "', which ran the task, stopped"
                            + " (noticed at " + now.truncatedTo(ChronoUnit.SECONDS) + " UTC). Run it again if it is still wanted.");
                    events.changed(ObjectType.TASK, task.id());
                    if (task.objectId() != null) {
                        about.add(task.objectId());
                    }
                }
                return about;
            });
            if (objects != null && !objects.isEmpty()) {
                log.warn("{} task(s) of a console that has gone are marked failed", objects.size());
                publisher.publishEvent(new TasksInterrupted(objects));
            }
        } catch (RuntimeException e) {
            log.debug("sweeping the tasks of consoles that have gone: {}", e.getMessage());
        }
    }

    /**
     * The objects of the tasks that other consoles are running now (empty for a console alone): their
     * operations are theirs, not interrupted by this console's start.
     */
    @Transactional(readOnly = true)
    public Set<UUID> busyOnOtherConsoles() {
        if (!cluster.shared()) {
            return Set.of();
        }
        Set<UUID> busy = new java.util.HashSet<>();
        for (Task task : tasks.findByStatusIn(List.of(TaskStatus.PENDING, TaskStatus.RUNNING))) {
            if (task.objectId() != null && !cluster.consoleId().equals(task.consoleId())) {
                busy.add(task.objectId());
            }
        }
        return busy;
    }

    /** Records the task's end in the audit log, as the actor that submitted it: {@code vm.start}, failed with its code. */
    private void audited(UUID id, Actor submitter) {
        try {
            TaskView task = get(id);
            AuditOutcome outcome = task.status() == TaskStatus.SUCCESS ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE;
            audit.record(submitter, task.objectType().toLowerCase() + "." + AuditLog.operationName(task.operation()),
                    task.objectType().toLowerCase(), task.objectId(), task.objectName(), java.util.Map.of("task", id.toString()),
                    outcome, task.errorCode(), task.errorMessage());
        } catch (RuntimeException e) {
            log.warn("task {}: could not record its end in the audit log", id, e);
        }
    }

    private Task find(UUID id) {
        return tasks.findById(id).orElseThrow(() -> new NotFoundException("task", id));
    }

    private void execute(UUID id, TaskBody body, TaskOutcome outcome) {
        update(id, Task::started);
        Context context = new Context(id);
        try {
            String result = body.run(context);
            retryingConflicts(() -> tx.executeWithoutResult(s -> {
                outcome.succeeded();
                Task task = find(id);
                task.succeeded(result != null ? result : context.lastResult);
                events.changed(ObjectType.TASK, id);
            }));
        } catch (Throwable e) {
            settleFailure(id, outcome, e, context);
        } finally {
            cancelRequests.remove(id);
        }
    }

    private void settleFailure(UUID id, TaskOutcome outcome, Throwable e, Context context) {
        try {
            retryingConflicts(() -> tx.executeWithoutResult(s -> outcome.failed(e)));
        } catch (RuntimeException settleError) {
            log.warn("task {}: settling the failure failed too", id, settleError);
        }
        tx.executeWithoutResult(s -> {
            Task task = find(id);
            if (context.lastResult != null) {
                task.result(context.lastResult);
            }
            if (e instanceof TaskCancelledException) {
                task.cancelled(e.getMessage());
            } else if (e instanceof HypervisorException he) {
                task.failed(he.code(), he.getMessage());
            } else {
                log.warn("task {} failed unexpectedly", id, e);
                task.failed("INTERNAL_ERROR", "Unexpected error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            events.changed(ObjectType.TASK, id);
        });
    }

    /** Settling races with the reconciler on the same rows: a lost optimistic race is simply run again. */
    private static void retryingConflicts(Runnable settle) {
        for (int attempt = 1; ; attempt++) {
            try {
                settle.run();
                return;
            } catch (org.springframework.dao.OptimisticLockingFailureException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private void update(UUID id, java.util.function.Consumer<Task> change) {
        tx.executeWithoutResult(s -> {
            change.accept(find(id));
            events.changed(ObjectType.TASK, id);
        });
    }

    private final class Context implements TaskContext {

        private final UUID id;
        private long lastSave;
        private volatile String lastResult;

        Context(UUID id) {
            this.id = id;
        }

        @Override
        public UUID taskId() {
            return id;
        }

        @Override
        public void progress(double fraction) {
            long now = System.nanoTime();
            if (now - lastSave >= PROGRESS_SAVE_INTERVAL_NANOS || fraction >= 1.0) {
                lastSave = now;
                update(id, t -> t.progress(fraction));
            }
        }

        @Override
        public void result(String text) {
            lastResult = text;
            update(id, t -> t.result(text));
        }

        @Override
        public boolean cancelRequested() {
            return cancelRequests.contains(id);
        }
    }
}
