package org.xensv.toolstack.task;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A task as the API and the console show it; {@code startedBy} the user that asked for it ("system"
 * for work the console did by itself; null for tasks older than the audit log).
 */
public record TaskView(UUID id, String name, String operation, String objectType, UUID objectId, String objectName,
                       TaskStatus status, double progress, boolean cancellable, String errorCode, String errorMessage,
                       String result, Instant createdAt, Instant startedAt, Instant finishedAt, String startedBy) {

    public Duration duration() {
        if (startedAt == null) {
            return Duration.ZERO;
        }
        return Duration.between(startedAt, finishedAt == null ? Instant.now() : finishedAt);
    }
}
