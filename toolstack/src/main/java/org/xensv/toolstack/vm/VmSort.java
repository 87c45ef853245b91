package org.xensv.toolstack.vm;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.xensv.hypervisor.api.InvalidValueException;

/** The columns a list of VMs sorts by, as the API names them ({@code sort=memory,desc}) and as JPQL reads them. */
public enum VmSort {
    /** The name in lower case, kept in a column of its own so that an index answers a page (V20). */
    NAME("v.nameKey"),
    STATE("v.powerState"),
    HOST("lower(h.name)"),
    MEMORY("v.memoryMiB"),
    VCPUS("v.vcpus"),
    CREATED("v.createdAt");

    final String expression;

    VmSort(String expression) {
        this.expression = expression;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code name}, {@code memory,desc}, {@code host,asc}; anything else is refused naming {@code field}. */
    static VmSort parse(String field, String value) {
        String key = value.split(",", 2)[0].trim().toUpperCase(Locale.ROOT);
        if (key.equals("CPU")) {
            return VCPUS;
        }
        return Arrays.stream(values()).filter(s -> s.name().equals(key)).findFirst().orElseThrow(() ->
                new InvalidValueException(field, value, "must be one of " + Arrays.stream(values()).map(VmSort::key)
                        .collect(Collectors.joining(", ")) + ", optionally followed by ,asc or ,desc"));
    }

    static boolean descending(String field, String value) {
        String[] parts = value.split(",", 2);
        if (parts.length == 1) {
            return false;
        }
        return switch (parts[1].trim().toLowerCase(Locale.ROOT)) {
            case "asc" -> false;
            case "desc" -> true;
            default -> throw new InvalidValueException(field, value, "must end in ,asc or ,desc after the column");
        };
    }
}
