package org.xensv.toolstack.error;

import java.util.Map;

import org.xensv.hypervisor.api.HypervisorException;

/** The request is well formed but clashes with the current state of an object (busy, in use, not empty). */
public final class ConflictException extends HypervisorException {

    public ConflictException(String code, Map<String, Object> params, String message) {
        super(code, params, message);
    }

    public static ConflictException operationInProgress(String vm, String current) {
        return new ConflictException("OPERATION_IN_PROGRESS", Map.of("vm", vm, "current", current),
                "VM '" + vm + "' is busy: " + current + " is in progress. Wait for it to finish or cancel its task.");
    }

    public static ConflictException hostDisconnected(String host, String reason) {
        return new ConflictException("HOST_OFFLINE", Map.of("host", host, "reason", reason == null ? "" : reason),
                "Host '" + host + "' is not connected" + (reason == null || reason.isBlank() ? "." : ": " + reason));
    }
}
