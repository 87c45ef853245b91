package org.xensv.toolstack.error;

import org.xensv.hypervisor.api.HypervisorException;

/** The one place that says which HTTP status each error code answers with. */
public final class ErrorStatus {

    private ErrorStatus() {
    }

    public static int of(HypervisorException e) {
        String code = e.code();
        if (code.equals("INVALID_VALUE") || code.equals("INVALID_CONFIG_FILE")) {
            return 400;
        }
        if (code.equals("UNAUTHENTICATED")) {
            return 401;
        }
        if (code.equals("FORBIDDEN")) {
            return 403;
        }
        if (code.equals("NOT_FOUND") || code.equals("NO_SUCH_DOMAIN")) {
            return 404;
        }
        if (code.equals("OPERATION_NOT_SUPPORTED")) {
            return 501;
        }
        if (code.equals("TOO_MANY_SUBSCRIBERS")) {
            return 503;
        }
        if (code.equals("HOST_UNREACHABLE")) {
            return 503;
        }
        if (code.equals("LIBVIRT_ERROR")) {
            return 502; // the host behind the console refused or failed: libvirt's message and code say why
        }
        return 409; // conflicts, STALE_OBJECT among them: the object's state (or version) is not what the request expected
    }
}
