package org.xensv.webui.security;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Single sign-on through an OpenID Connect provider ({@code xensv.sso.*}, docs/security.md): off unless
 * {@code issuer-uri} is set. The provider's {@code role-claim} (a string or a list, such as
 * {@code groups}) is mapped to a role by {@code role-mapping.admin}, {@code .operator} and
 * {@code .read-only} (each a list of claim values); a user whose claim maps to no role is refused.
 *
 * @param issuerUri     the provider's issuer (its {@code /.well-known/openid-configuration} is read at the first sign-in)
 * @param clientId      the console's client id at the provider
 * @param clientSecret  its secret
 * @param providerName  the name on the login page's button ("Sign in with ...")
 * @param usernameClaim the claim that names the user in xensv (the users table, the audit log)
 * @param roleClaim     the claim whose values {@code roleMapping} maps to a role
 * @param roleMapping   role ({@code admin}, {@code operator}, {@code read-only}) to the claim values that give it
 * @param scopes        the scopes asked for ({@code openid} is always among them)
 */
@ConfigurationProperties("xensv.sso")
record SsoSettings(String issuerUri, String clientId, String clientSecret, String providerName, String usernameClaim,
                   String roleClaim, Map<String, List<String>> roleMapping, List<String> scopes) {

    /** The client registration's id, in the console's SSO paths ({@code /oauth2/authorization/xensv}). */
    static final String REGISTRATION_ID = "xensv";

    SsoSettings {
        providerName = blank(providerName) ? "single sign-on" : providerName.trim();
        usernameClaim = blank(usernameClaim) ? "preferred_username" : usernameClaim.trim();
        roleClaim = blank(roleClaim) ? "groups" : roleClaim.trim();
        roleMapping = roleMapping == null ? Map.of() : Map.copyOf(roleMapping);
        scopes = scopes == null || scopes.isEmpty() ? List.of("openid", "profile") : List.copyOf(scopes);
        if (!blank(issuerUri)) {
            require(clientId, "xensv.sso.client-id");
            require(clientSecret, "xensv.sso.client-secret");
        }
    }

    boolean enabled() {
        return !blank(issuerUri);
    }

    /** Where the login page's button leads: Spring Security's redirect to the provider. */
    String signInPath() {
        return "oauth2/authorization/" + REGISTRATION_ID;
    }

    private static void require(String value, String property) {
        if (blank(value)) {
            throw new IllegalStateException(property + " must be set when xensv.sso.issuer-uri is (single sign-on)");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
