package org.xensv.toolstack.vm;

import java.util.Locale;

import org.xensv.hypervisor.api.InvalidValueException;

/**
 * A VM's high-availability restart priority, as XenServer's {@code ha_restart_priority}: a
 * {@code RESTART} VM is restarted on another host of its pool when its host is lost, in its restart
 * order (lowest first); a {@code BEST_EFFORT} VM after every {@code RESTART} VM, if capacity is left.
 * A VM with no priority (null) is unprotected: it stays on its lost host, its state unknown.
 */
public enum HaPriority {
    RESTART("restart"),
    BEST_EFFORT("best-effort");

    /** The highest restart order accepted (XenServer's {@code order} is a small non-negative number). */
    public static final int MAX_ORDER = 9999;

    private final String label;

    HaPriority(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * The priority as typed: {@code restart}, {@code best-effort} (any case, {@code _} or {@code -}),
     * or null, empty or {@code none} for unprotected; anything else is refused naming {@code field}.
     */
    public static HaPriority parse(String field, String value) {
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("none")) {
            return null;
        }
        String key = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (HaPriority p : values()) {
            if (p.name().equals(key)) {
                return p;
            }
        }
        throw new InvalidValueException(field, value, "must be 'restart', 'best-effort' or empty (unprotected)");
    }

    /** The restart order as typed (null: 0), refused naming {@code field} outside 0..{@value #MAX_ORDER}. */
    public static int order(String field, Integer value) {
        if (value == null) {
            return 0;
        }
        if (value < 0 || value > MAX_ORDER) {
            throw new InvalidValueException(field, value, "must be between 0 (restarted first) and " + MAX_ORDER);
        }
        return value;
    }
}
