package org.xensv.hypervisor.api;

/** A value failed validation at the door: names the field and the rule it broke. */
public final class InvalidValueException extends HypervisorException {

    private final String field;

    public InvalidValueException(String field, Object value, String rule) {
        super("INVALID_VALUE", named("field", field, "value", String.valueOf(value), "rule", rule),
                field + " " + rule + " (got " + value + ").");
        this.field = field;
    }

    public String field() {
        return field;
    }
}
