package org.xensv.toolstack.audit;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row of the audit log (V13): written once, never changed. */
@Entity
@Table(name = "audit_log")
class AuditRecord {

    @Id
    private UUID id;
    @Column(name = "occurred_at")
    private Instant occurredAt;
    private String actor;
    private String address;
    private String operation;
    @Column(name = "object_type")
    private String objectType;
    @Column(name = "object_id")
    private UUID objectId;
    @Column(name = "object_name")
    private String objectName;
    private String parameters;
    @Enumerated(EnumType.STRING)
    private AuditOutcome outcome;
    @Column(name = "error_code")
    private String errorCode;
    @Column(name = "error_message")
    private String errorMessage;

    protected AuditRecord() {
    }

    AuditRecord(Actor actor, String operation, String objectType, UUID objectId, String objectName, String parameters,
                AuditOutcome outcome, String errorCode, String errorMessage) {
        this.id = UUID.randomUUID();
        this.occurredAt = Instant.now();
        this.actor = actor.name();
        this.address = actor.address();
        this.operation = cut(operation, 100);
        this.objectType = cut(objectType, 40);
        this.objectId = objectId;
        this.objectName = cut(objectName, 300);
        this.parameters = cut(parameters, 4000);
        this.outcome = outcome;
        this.errorCode = cut(errorCode, 64);
        this.errorMessage = cut(errorMessage, 2000);
    }

    AuditEntry view() {
        return new AuditEntry(id, occurredAt, actor, address, operation, objectType, objectId, objectName, parameters,
                outcome, errorCode, errorMessage);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
