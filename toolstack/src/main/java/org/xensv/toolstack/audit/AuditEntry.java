package org.xensv.toolstack.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * A change as the audit log shows it: when, who from which address (null: not over the network),
 * the operation and its object, its parameters (JSON, secrets redacted) and how it ended.
 */
public record AuditEntry(UUID id, Instant at, String actor, String address, String operation, String objectType,
                         UUID objectId, String objectName, String parameters, AuditOutcome outcome, String errorCode,
                         String errorMessage) {
}
