package org.xensv.toolstack.vm;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.Operation;
import org.xensv.toolstack.security.Action;

/**
 * What one bulk task does to each VM it is given: a lifecycle operation, or a tag added or taken
 * away. (Migrating many VMs is the migration package's {@code POST /api/v1/vms/migrate}.)
 */
public enum BulkAction {
    START(Operation.START, Action.VM_POWER, "Start"),
    SHUTDOWN(Operation.CLEAN_SHUTDOWN, Action.VM_POWER, "Shut down"),
    FORCE_SHUTDOWN(Operation.HARD_SHUTDOWN, Action.VM_POWER, "Force shut down"),
    REBOOT(Operation.CLEAN_REBOOT, Action.VM_POWER, "Reboot"),
    PAUSE(Operation.PAUSE, Action.VM_POWER, "Pause"),
    UNPAUSE(Operation.UNPAUSE, Action.VM_POWER, "Unpause"),
    SUSPEND(Operation.SUSPEND, Action.VM_POWER, "Suspend"),
    RESUME(Operation.RESUME, Action.VM_POWER, "Resume"),
    TAG(null, Action.VM_TAGS, "Tag"),
    UNTAG(null, Action.VM_TAGS, "Untag");

    private final Operation operation;
    private final Action permission;
    private final String label;

    BulkAction(Operation operation, Action permission, String label) {
        this.operation = operation;
        this.permission = permission;
        this.label = label;
    }

    /** The lifecycle operation, or null for a tag change. */
    public Operation operation() {
        return operation;
    }

    public Action permission() {
        return permission;
    }

    public String label() {
        return label;
    }

    public boolean changesTags() {
        return operation == null;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code start}, {@code force-shutdown}, {@code tag}...; anything else is refused naming the field {@code action}. */
    public static BulkAction parse(String value) {
        String key = value == null ? "" : value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(a -> a.name().equals(key)).findFirst().orElseThrow(() ->
                new InvalidValueException("action", value, "must be one of " + Arrays.stream(values()).map(BulkAction::key)
                        .collect(Collectors.joining(", ")) + " (migrate many VMs with POST /api/v1/vms/migrate)"));
    }
}
