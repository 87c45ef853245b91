package org.xensv.toolstack.audit;

import java.time.Instant;

/**
 * Which entries to show; every part optional (null or blank: any). {@code user} an actor's name
 * (any case); {@code object} an object's id or part of its name; {@code operation} an operation
 * ({@code vm.start}) or every operation of a type ({@code vm}); {@code from} inclusive, {@code to}
 * exclusive.
 */
public record AuditQuery(String user, String object, String operation, Instant from, Instant to) {

    public static final AuditQuery ALL = new AuditQuery(null, null, null, null, null);
}
