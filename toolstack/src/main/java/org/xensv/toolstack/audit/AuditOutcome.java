package org.xensv.toolstack.audit;

/**
 * How a recorded change ended: done; accepted as a task that runs on (its end is recorded again
 * when the task finishes); failed, with the error's code; or refused before anything was tried
 * (not allowed for this user).
 */
public enum AuditOutcome {
    SUCCESS, ACCEPTED, FAILURE, REFUSED
}
