package org.xensv.toolstack.error;

import java.util.Map;

import org.xensv.hypervisor.api.HypervisorException;

/** No object of this kind has this id. */
public final class NotFoundException extends HypervisorException {

    public NotFoundException(String kind, Object id) {
        super("NOT_FOUND", Map.of("kind", kind, "id", String.valueOf(id)), "No " + kind + " with id " + id + ".");
    }
}
