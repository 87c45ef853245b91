package org.xensv.hypervisor.api;

/** The driver cannot reach the host behind a URI. */
public final class HostUnreachableException extends HypervisorException {

    public HostUnreachableException(String uri, String reason) {
        super("HOST_UNREACHABLE", named("uri", uri, "reason", reason),
                "Cannot reach host " + uri + ": " + reason);
    }
}
