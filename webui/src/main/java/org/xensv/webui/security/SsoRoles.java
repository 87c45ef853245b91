package org.xensv.webui.security;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.xensv.toolstack.security.Role;

/**
 * The role a single sign-on user gets from the provider's claim: the highest role one of the claim's
 * values is mapped to, or none (then the user is refused: no mapping lets anybody in by default).
 * Roles are named as in the properties ({@code admin}, {@code operator}, {@code read-only}; the
 * environment's {@code READONLY} and {@code read_only} too).
 */
final class SsoRoles {

    private final String claim;
    private final Map<String, Role> byValue = new HashMap<>();

    SsoRoles(String claim, Map<String, List<String>> mapping) {
        this.claim = claim;
        mapping.forEach((name, values) -> {
            Role role = roleNamed(name);
            for (String value : values == null ? List.<String>of() : values) {
                if (value != null && !value.isBlank()) {
                    byValue.merge(value.trim(), role, (a, b) -> a.covers(b) ? a : b);
                }
            }
        });
    }

    /** The role the claim's values give, if any; the claim may be a string or a list of them. */
    Optional<Role> roleOf(Map<String, Object> claims) {
        Object value = claims == null ? null : claims.get(claim);
        Collection<?> values = value instanceof Collection<?> many ? many : value == null ? List.of() : List.of(value);
        Role best = null;
        for (Object v : values) {
            Role role = v == null ? null : byValue.get(String.valueOf(v).trim());
            if (role != null && (best == null || role.covers(best))) {
                best = role;
            }
        }
        return Optional.ofNullable(best);
    }

    String claim() {
        return claim;
    }

    private static Role roleNamed(String name) {
        String key = name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        for (Role role : Role.values()) {
            if (role.label().replace("-", "").equals(key)) {
                return role;
            }
        }
        throw new IllegalStateException("xensv.sso.role-mapping." + name
                + " names no role: use admin, operator or read-only");
    }
}
