package org.xensv.toolstack.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.criteria.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log: every change made through the toolstack's services (see {@link Audited}), every
 * end of a task, and every refused attempt, with who made it from where. Entries are written in a
 * transaction of their own, so a change that failed and rolled back is recorded all the same; a
 * failure to write one is logged and never fails the change itself.
 */
@Service
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    static final int MAX_PAGE = 500;
    static final int MAX_CSV_ROWS = 100_000;

    private final AuditRepository entries;
    private final ObjectProvider<MeterRegistry> metrics;
    private final TransactionTemplate ownTx;
    private final TransactionTemplate readTx;

    AuditLog(AuditRepository entries, PlatformTransactionManager transactions, ObjectProvider<MeterRegistry> metrics) {
        this.entries = entries;
        this.metrics = metrics;
        this.ownTx = new TransactionTemplate(transactions);
        this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.readTx = new TransactionTemplate(transactions);
        this.readTx.setReadOnly(true);
    }

    /**
     * Records an attempt refused before anything was tried (a user without the role for it), by the
     * current actor. For the security layer: call it where access is denied, or let the denial
     * escape an {@link Audited} method (an exception named *AccessDeniedException is recorded as
     * refused). {@code object}: the object's id or name (may be null).
     */
    public void refused(String operation, String object, String reason) {
        UUID id = uuidOrNull(object);
        write(Actor.current(), operation, typeOf(operation), id, id == null ? object : null, null,
                AuditOutcome.REFUSED, "ACCESS_DENIED", reason);
    }

    /** Records a change by {@code actor} (e.g. a task's end, as the actor that started it). */
    public void record(Actor actor, String operation, String objectType, UUID objectId, String objectName,
                       Map<String, ?> parameters, AuditOutcome outcome, String errorCode, String errorMessage) {
        write(actor, operation, objectType, objectId, objectName, parameters == null ? null : AuditParameters.json(parameters),
                outcome, errorCode, errorMessage);
    }

    void write(Actor actor, String operation, String objectType, UUID objectId, String objectName, String parameters,
               AuditOutcome outcome, String errorCode, String errorMessage) {
        metrics.ifAvailable(registry -> registry.counter("xensv.operations", "operation", String.valueOf(operation),
                "outcome", outcome.name().toLowerCase()).increment());
        try {
            ownTx.executeWithoutResult(s -> entries.save(new AuditRecord(actor, operation, objectType, objectId, objectName,
                    parameters, outcome, errorCode, errorMessage)));
        } catch (RuntimeException e) {
            log.error("could not record {} {} by {} in the audit log", operation, objectId, actor.name(), e);
        }
    }

    /** A page of the entries matching {@code query}, newest first. */
    public AuditPage search(AuditQuery query, int page, int size) {
        int p = Math.max(0, page);
        int s = Math.max(1, Math.min(size, MAX_PAGE));
        Page<AuditRecord> found = readTx.execute(t -> entries.findAll(matching(query),
                PageRequest.of(p, s, Sort.by(Sort.Direction.DESC, "occurredAt").and(Sort.by("id")))));
        return new AuditPage(found.getContent().stream().map(AuditRecord::view).toList(), p, s, found.getTotalElements());
    }

    /** Writes the entries matching {@code query} (newest first, at most 100,000) as CSV with a header row. */
    public void csv(AuditQuery query, Writer out) {
        try {
            AuditCsv.header(out);
            int page = 0;
            int written = 0;
            while (written < MAX_CSV_ROWS) {
                AuditPage chunk = search(query, page++, MAX_PAGE);
                for (AuditEntry entry : chunk.entries()) {
                    AuditCsv.row(entry, out);
                }
                written += chunk.entries().size();
                if (chunk.entries().size() < MAX_PAGE) {
                    break;
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Specification<AuditRecord> matching(AuditQuery q) {
        return (root, query, cb) -> {
            List<Predicate> all = new ArrayList<>();
            if (present(q.user())) {
                all.add(cb.equal(cb.lower(root.get("actor")), q.user().trim().toLowerCase()));
            }
            if (present(q.operation())) {
                String op = q.operation().trim().toLowerCase();
                all.add(cb.or(cb.equal(root.get("operation"), op), cb.like(root.get("operation"), escaped(op) + ".%", '\\')));
            }
            if (present(q.object())) {
                UUID id = uuidOrNull(q.object().trim());
                all.add(id != null ? cb.equal(root.get("objectId"), id)
                        : cb.like(cb.lower(root.get("objectName")), "%" + escaped(q.object().trim().toLowerCase()) + "%", '\\'));
            }
            if (q.from() != null) {
                all.add(cb.greaterThanOrEqualTo(root.get("occurredAt"), q.from()));
            }
            if (q.to() != null) {
                all.add(cb.lessThan(root.get("occurredAt"), q.to()));
            }
            return cb.and(all.toArray(Predicate[]::new));
        };
    }

    private static String escaped(String like) {
        return like.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    static UUID uuidOrNull(String s) {
        if (s == null || s.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An operation's constant as the audit log names it: {@code HARD_SHUTDOWN} as {@code hard-shutdown}. */
    public static String operationName(String constant) {
        return constant == null ? "" : constant.toLowerCase().replace('_', '-');
    }

    static String typeOf(String operation) {
        int dot = operation == null ? -1 : operation.indexOf('.');
        return dot > 0 ? operation.substring(0, dot) : operation;
    }
}
