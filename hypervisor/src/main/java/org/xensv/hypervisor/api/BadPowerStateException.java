package org.xensv.hypervisor.api;

import java.util.Set;
import java.util.stream.Collectors;

/** An operation was asked of a domain whose power state does not allow it (xapi's VM_BAD_POWER_STATE). */
public final class BadPowerStateException extends HypervisorException {

    public BadPowerStateException(String domain, Operation operation, Set<PowerState> expected, PowerState actual) {
        super("VM_BAD_POWER_STATE",
                named("vm", domain, "operation", operation.name(),
                        "expected", expected.stream().map(PowerState::name).sorted().toList(), "actual", actual.name()),
                "Cannot " + operation.label() + " VM '" + domain + "': it is " + actual.label()
                        + ", and " + operation.label() + " needs it to be "
                        + expected.stream().map(PowerState::label).sorted().collect(Collectors.joining(" or ")) + ".");
    }
}
