package org.xensv.toolstack.storage;

import java.util.regex.Pattern;

import org.xensv.hypervisor.api.InvalidValueException;

/** The rule for names of repositories and images: 1 to 64 printable characters, no slash. */
final class Names {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._()+-]{1,64}");

    private Names() {
    }

    static String check(String field, String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 64) {
            throw new InvalidValueException(field, name, "must be 1 to 64 characters");
        }
        if (!NAME.matcher(n).matches()) {
            throw new InvalidValueException(field, name, "may hold letters, digits, spaces and . _ ( ) + - only");
        }
        return n;
    }
}
