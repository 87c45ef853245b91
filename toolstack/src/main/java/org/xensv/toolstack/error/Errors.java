package org.xensv.toolstack.error;

import org.springframework.dao.OptimisticLockingFailureException;
import org.xensv.hypervisor.api.HypervisorException;

/**
 * Finds the error a person should see in whatever a call threw, for the API's error handler and
 * the console's alike: the first {@link HypervisorException} in the cause chain, an optimistic-lock
 * failure as {@link StaleObjectException}; null when it is none of these (an unexpected error).
 */
public final class Errors {

    private Errors() {
    }

    public static HypervisorException known(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof HypervisorException known) {
                return known;
            }
            if (t instanceof OptimisticLockingFailureException stale) {
                return StaleObjectException.of(stale);
            }
            if (t instanceof jakarta.persistence.OptimisticLockException) {
                return StaleObjectException.of(new OptimisticLockingFailureException(t.getMessage(), t));
            }
        }
        return null;
    }
}
