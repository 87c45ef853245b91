package org.xensv.toolstack.security;

import java.util.regex.Pattern;

import org.xensv.hypervisor.api.InvalidValueException;

/** The rules for user names and passwords, checked at the door with the field that broke them. */
final class PasswordPolicy {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{1,63}");

    private PasswordPolicy() {
    }

    static String checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username.trim()).matches()) {
            throw new InvalidValueException("username", username,
                    "must be 2 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        return username.trim();
    }

    static void checkPassword(String field, String password, String username) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new InvalidValueException(field, "(hidden)", "must be at least " + MIN_LENGTH + " characters long");
        }
        if (password.length() > MAX_LENGTH) {
            throw new InvalidValueException(field, "(hidden)", "must be at most " + MAX_LENGTH + " characters long");
        }
        if (password.isBlank()) {
            throw new InvalidValueException(field, "(hidden)", "must not be only spaces");
        }
        if (username != null && password.trim().equalsIgnoreCase(username.trim())) {
            throw new InvalidValueException(field, "(hidden)", "must not be the user name");
        }
    }
}
