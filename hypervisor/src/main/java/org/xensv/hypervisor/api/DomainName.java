package org.xensv.hypervisor.api;

import java.util.regex.Pattern;

/** A domain name: 1..64 characters, letters, digits, '.', '_' and '-', starting with a letter or digit. */
public record DomainName(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public DomainName {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException("name", value, "must not be empty");
        }
        if (!VALID.matcher(value).matches()) {
            throw new InvalidValueException("name", value,
                    "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
