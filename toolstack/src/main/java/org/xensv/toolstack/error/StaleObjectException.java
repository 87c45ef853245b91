package org.xensv.toolstack.error;

import java.util.Map;

import org.springframework.dao.OptimisticLockingFailureException;
import org.xensv.hypervisor.api.HypervisorException;

/**
 * A save based on an old copy of an object: someone else changed it after it was opened (the
 * version the edit carried is not the stored one), or while the save was being handled (the
 * database's optimistic lock refused it). Nothing was changed; the person reloads and edits again.
 */
public final class StaleObjectException extends HypervisorException {

    public static final String CODE = "STALE_OBJECT";

    public StaleObjectException(String kind, String name, long expectedVersion, long actualVersion) {
        super(CODE, Map.of("kind", kind, "name", name, "expectedVersion", expectedVersion, "actualVersion", actualVersion),
                capitalized(kind) + " '" + name + "' was changed by someone else since you opened it; reload and try again.");
    }

    private StaleObjectException(String kind, Throwable cause) {
        super(CODE, Map.of("kind", kind), capitalized(kind)
                + " was changed by someone else while your change was being saved; nothing was saved. Reload and try again.", cause);
    }

    /** Refuses the save unless the edit was opened on the stored version ({@code expected} null: the caller did not say). */
    public static void check(String kind, String name, Long expected, long actual) {
        if (expected != null && expected != actual) {
            throw new StaleObjectException(kind, name, expected, actual);
        }
    }

    /** The same refusal for a save the database's optimistic lock stopped. */
    public static StaleObjectException of(OptimisticLockingFailureException e) {
        String entity = e instanceof org.springframework.orm.ObjectOptimisticLockingFailureException o && o.getPersistentClassName() != null
                ? o.getPersistentClassName() : "";
        String simple = entity.substring(entity.lastIndexOf('.') + 1);
        return new StaleObjectException(simple.isEmpty() ? "the object" : "the " + words(simple), e);
    }

    /** {@code QosPolicy} as "QoS policy"-like words: "qos policy". */
    private static String words(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
