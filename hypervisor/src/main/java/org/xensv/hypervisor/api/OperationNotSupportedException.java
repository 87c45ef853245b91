package org.xensv.hypervisor.api;

/** The one uniform answer of a driver that lacks a capability: it never pretends. */
public final class OperationNotSupportedException extends HypervisorException {

    public OperationNotSupportedException(String driver, String operation) {
        super("OPERATION_NOT_SUPPORTED", named("driver", driver, "operation", operation),
                "The " + driver + " driver does not support " + operation + ".");
    }
}
