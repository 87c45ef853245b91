package org.xensv.webui.security;

import java.util.List;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.xensv.toolstack.security.AccountService;
import org.xensv.toolstack.security.AccountView;
import org.xensv.toolstack.security.ExternalSignInRefused;
import org.xensv.toolstack.security.Role;

/**
 * Who a single sign-on user is in xensv: the provider's user (ID token and user info), their role from
 * the role claim, and their row in the users table (created or brought in line at each sign-in). The
 * user signs in with the same role authority ({@code ROLE_OPERATOR}...) as a local user, so
 * {@code Access}, {@code Guard} and the views' annotations treat both alike. Refused, with a sentence
 * for the login page, when the claim maps to no role, the row is disabled, or the name is a local user's.
 */
final class SsoUsers implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final OidcUserService provider = new OidcUserService();
    private final SsoSettings settings;
    private final SsoRoles roles;
    private final AccountService accounts;

    SsoUsers(SsoSettings settings, AccountService accounts) {
        this.settings = settings;
        this.roles = new SsoRoles(settings.roleClaim(), settings.roleMapping());
        this.accounts = accounts;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser user = provider.loadUser(request);
        String username = user.getClaimAsString(settings.usernameClaim());
        if (username == null || username.isBlank()) {
            throw refused(new ExternalSignInRefused("NO_USERNAME", null, settings.providerName()
                    + " gave no '" + settings.usernameClaim() + "' claim to name you by: ask its administrator."));
        }
        Role role = roles.roleOf(user.getClaims()).orElseThrow(() -> refused(new ExternalSignInRefused("NO_ROLE", username,
                "Your account '" + username + "' at " + settings.providerName() + " has no xensv role (its '"
                        + roles.claim() + "' claim maps to none): ask an admin to give you one.")));
        AccountView account;
        try {
            account = accounts.signInExternal(username, role);
        } catch (ExternalSignInRefused e) {
            throw refused(e);
        }
        return new DefaultOidcUser(List.of(new SimpleGrantedAuthority(account.role().authority())), user.getIdToken(),
                user.getUserInfo(), settings.usernameClaim());
    }

    private static Refused refused(ExternalSignInRefused why) {
        return new Refused(why);
    }

    /** A refusal of a user the provider vouched for, with who it was and why (for the login page and the audit log). */
    static final class Refused extends OAuth2AuthenticationException {

        private final transient ExternalSignInRefused why;

        Refused(ExternalSignInRefused why) {
            super(new OAuth2Error("xensv_refused", why.getMessage(), null), why.getMessage());
            this.why = why;
        }

        String code() {
            return why.code();
        }

        String username() {
            return why.username();
        }
    }
}
