package org.xensv.hypervisor.api;

import java.util.List;
import java.util.Map;

/**
 * Base of every error the hypervisor layer raises. Each carries a stable {@link #code()} and
 * named {@link #params()} (as xapi's errors do) so that the toolstack can map it to an HTTP status
 * and the console can show a message a person can act on.
 */
public class HypervisorException extends RuntimeException {

    private final String code;
    private final Map<String, Object> params;

    public HypervisorException(String code, Map<String, Object> params, String message) {
        super(message);
        this.code = code;
        this.params = Map.copyOf(params);
    }

    public HypervisorException(String code, Map<String, Object> params, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.params = Map.copyOf(params);
    }

    public String code() {
        return code;
    }

    public Map<String, Object> params() {
        return params;
    }

    /** Helper for subclasses: an immutable map of alternating keys and values, nulls rendered as "". */
    protected static Map<String, Object> named(Object... keysAndValues) {
        var map = new java.util.LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            map.put((String) keysAndValues[i], value == null ? "" : value instanceof List<?> l ? List.copyOf(l) : value);
        }
        return map;
    }
}
