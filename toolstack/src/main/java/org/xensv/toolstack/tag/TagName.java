package org.xensv.toolstack.tag;

import java.util.Locale;
import java.util.regex.Pattern;

import org.xensv.hypervisor.api.InvalidValueException;

/**
 * A tag as an admin types it: 1 to 32 characters, ASCII letters and digits and {@code - _ . : =}
 * (so {@code web}, {@code env=prod}, {@code team:db}, {@code v1.2}), starting with a letter or a
 * digit. No spaces, no commas. Tags compare without regard to case: {@link #key()} is the
 * lower-case form an object holds at most once and a search matches.
 */
public record TagName(String value) {

    public static final int MAX_LENGTH = 32;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.:=-]+");

    public TagName {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            throw new InvalidValueException("tag", value, "must not be empty");
        }
        if (v.length() > MAX_LENGTH) {
            throw new InvalidValueException("tag", value, "must be at most " + MAX_LENGTH + " characters");
        }
        if (!ALLOWED.matcher(v).matches()) {
            throw new InvalidValueException("tag", value, "may hold letters, digits and - _ . : = only (no spaces or commas)");
        }
        if (!Character.isLetterOrDigit(v.charAt(0))) {
            throw new InvalidValueException("tag", value, "must start with a letter or a digit");
        }
        value = v;
    }

    /** The form tags are compared, stored unique and searched by. */
    public String key() {
        return value.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }
}
