package org.xensv.toolstack.error;

import java.util.Map;

import org.xensv.hypervisor.api.HypervisorException;

/** A request with no signed-in user reached something that needs one. */
public final class UnauthenticatedException extends HypervisorException {

    public static final String MESSAGE = "Sign in first: send a session cookie, HTTP Basic credentials or an API token.";

    public UnauthenticatedException() {
        super("UNAUTHENTICATED", Map.of(), MESSAGE);
    }
}
