package org.xensv.toolstack.task;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A persisted control operation with its progress and outcome. */
@Entity
@Table(name = "task")
class Task {

    /** As long as the column (V2): an evacuation's rows or a long flight report fit whole. */
    private static final int MAX_RESULT = 100_000;

    @Id
    private UUID id;
    private String name;
    private String operation;
    @Column(name = "object_type")
    private String objectType;
    @Column(name = "object_id")
    private UUID objectId;
    @Column(name = "object_name")
    private String objectName;
    @Enumerated(EnumType.STRING)
    private TaskStatus status;
    private double progress;
    private boolean cancellable;
    @Column(name = "error_code")
    private String errorCode;
    @Column(name = "error_message")
    private String errorMessage;
    private String result;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "started_at")
    private Instant startedAt;
    @Column(name = "finished_at")
    private Instant finishedAt;
    @Column(name = "started_by")
    private String startedBy;
    /** The console running the task (V18): its tasks are failed only when it is gone. */
    @Column(name = "console_id")
    private String consoleId;
    /** Cancelling asked through another console than the one running the task (V18). */
    @Column(name = "cancel_requested")
    private boolean cancelRequested;
    @Version
    private long version;

    protected Task() {
    }

    Task(String name, String operation, String objectType, UUID objectId, String objectName, boolean cancellable,
         String startedBy) {
        this.id = UUID.randomUUID();
        this.startedBy = startedBy;
        this.name = name;
        this.operation = operation;
        this.objectType = objectType;
        this.objectId = objectId;
        this.objectName = objectName == null ? "" : objectName;
        this.status = TaskStatus.PENDING;
        this.cancellable = cancellable;
        this.createdAt = Instant.now();
    }

    void started() {
        status = TaskStatus.RUNNING;
        startedAt = Instant.now();
    }

    void progress(double value) {
        progress = Math.max(progress, Math.min(1.0, Math.max(0.0, value)));
    }

    void succeeded(String resultText) {
        finish(TaskStatus.SUCCESS);
        progress = 1.0;
        result = truncate(resultText, MAX_RESULT);
    }

    void failed(String code, String message) {
        finish(TaskStatus.FAILURE);
        errorCode = truncate(code, 64);
        errorMessage = truncate(message, 2000);
    }

    void cancelled(String message) {
        finish(TaskStatus.CANCELLED);
        errorCode = "CANCELLED";
        errorMessage = truncate(message, 2000);
    }

    void result(String resultText) {
        result = truncate(resultText, MAX_RESULT);
    }

    private void finish(TaskStatus outcome) {
        status = outcome;
        finishedAt = Instant.now();
        cancellable = false;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    TaskView view() {
        return new TaskView(id, name, operation, objectType, objectId, objectName, status, progress, cancellable,
                errorCode, errorMessage, result, createdAt, startedAt, finishedAt,
                startedBy);
    }

    UUID id() {
        return id;
    }

    Task on(String console) {
        this.consoleId = console;
        return this;
    }

    String consoleId() {
        return consoleId;
    }

    void requestCancel() {
        cancelRequested = true;
    }

    String objectType() {
        return objectType;
    }

    UUID objectId() {
        return objectId;
    }

    TaskStatus status() {
        return status;
    }

    boolean isCancellable() {
        return cancellable;
    }
}
