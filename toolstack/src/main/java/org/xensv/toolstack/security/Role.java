package org.xensv.toolstack.security;

import java.util.Locale;

/** The three roles a console user holds one of, highest first. */
public enum Role {
    ADMIN("admin"),
    OPERATOR("operator"),
    READ_ONLY("read-only");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The Spring Security authority of this role ({@code ROLE_ADMIN}...). */
    public String authority() {
        return "ROLE_" + name();
    }

    /** True when this role may do at least what {@code other} may (admin covers operator covers read-only). */
    public boolean covers(Role other) {
        return ordinal() <= other.ordinal();
    }

    /** The role named by an authority ({@code ROLE_OPERATOR}) or a name ({@code operator}, {@code READ_ONLY}); null if none. */
    static Role parse(String text) {
        if (text == null) {
            return null;
        }
        String name = text.startsWith("ROLE_") ? text.substring(5) : text;
        name = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Role role : values()) {
            if (role.name().equals(name)) {
                return role;
            }
        }
        return null;
    }
}
