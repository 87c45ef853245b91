package org.xensv.toolstack.error;

import java.util.Map;

import org.xensv.hypervisor.api.HypervisorException;

/** The signed-in user's role does not allow this change: names the action and the role it needs. */
public final class ForbiddenException extends HypervisorException {

    public ForbiddenException(String action, String role, String needed, String message) {
        super("FORBIDDEN", Map.of("action", action, "role", role, "needed", needed), message);
    }
}
