package org.xensv.hypervisor.api;

import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.xensv.hypervisor.api.PowerState.HALTED;
import static org.xensv.hypervisor.api.PowerState.PAUSED;
import static org.xensv.hypervisor.api.PowerState.RUNNING;
import static org.xensv.hypervisor.api.PowerState.SUSPENDED;

/**
 * The one table of which power states allow each operation (xapi's {@code allowed_power_states}),
 * and the state each operation leaves the domain in. Everything else (the runtime, the toolstack's
 * checks, the console's buttons) is computed from here.
 */
public final class PowerStateTable {

    private static final Map<Operation, Set<PowerState>> ALLOWED = new EnumMap<>(Operation.class);
    private static final Map<Operation, PowerState> RESULT = new EnumMap<>(Operation.class);

    static {
        allow(Operation.START, HALTED).leaving(RUNNING);
        allow(Operation.PAUSE, RUNNING).leaving(PAUSED);
        allow(Operation.UNPAUSE, PAUSED).leaving(RUNNING);
        allow(Operation.CLEAN_SHUTDOWN, RUNNING).leaving(HALTED);
        allow(Operation.HARD_SHUTDOWN, RUNNING, PAUSED, SUSPENDED).leaving(HALTED);
        allow(Operation.CLEAN_REBOOT, RUNNING).leaving(RUNNING);
        allow(Operation.HARD_REBOOT, RUNNING, PAUSED).leaving(RUNNING);
        allow(Operation.SUSPEND, RUNNING).leaving(SUSPENDED);
        allow(Operation.RESUME, SUSPENDED).leaving(RUNNING);
        allow(Operation.MIGRATE, RUNNING).leaving(RUNNING);
        allow(Operation.DESTROY, HALTED, SUSPENDED).leaving(HALTED);
    }

    private PowerStateTable() {
    }

    /** The power state a successful {@code op} leaves the domain in (DESTROY removes it). */
    public static PowerState resultOf(Operation op) {
        return RESULT.get(op);
    }

    public static boolean allows(PowerState state, Operation op) {
        return ALLOWED.get(op).contains(state);
    }

    /** Throws {@link BadPowerStateException} naming the domain, the expected states and the actual one. */
    public static void check(String domain, PowerState state, Operation op) {
        if (!allows(state, op)) {
            throw new BadPowerStateException(domain, op, ALLOWED.get(op), state);
        }
    }

    /**
     * The operations allowed now: those the power state allows, none while another operation is in
     * progress on the domain (a VM does one thing at a time, as in xapi's current_operations).
     */
    public static Set<Operation> allowedOperations(PowerState state, Collection<Operation> inProgress) {
        if (!inProgress.isEmpty()) {
            return EnumSet.noneOf(Operation.class);
        }
        Set<Operation> ops = EnumSet.noneOf(Operation.class);
        for (var entry : ALLOWED.entrySet()) {
            if (entry.getValue().contains(state)) {
                ops.add(entry.getKey());
            }
        }
        return ops;
    }

    private static Leaving allow(Operation op, PowerState first, PowerState... rest) {
        ALLOWED.put(op, EnumSet.of(first, rest));
        return result -> RESULT.put(op, result);
    }

    private interface Leaving {
        void leaving(PowerState state);
    }
}
