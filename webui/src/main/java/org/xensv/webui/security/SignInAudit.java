package org.xensv.webui.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.xensv.toolstack.audit.Actor;
import org.xensv.toolstack.audit.AuditLog;
import org.xensv.toolstack.audit.AuditOutcome;
import org.xensv.toolstack.security.AccountService;
import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.error.NotFoundException;

/**
 * Sign-ins to the console in the audit log ({@code user.sign-in}): with a password or through single
 * sign-on, signed in (with the role), a wrong password, a lockout, or a single sign-on user refused
 * (no role for their claim, disabled, ...). API requests (Basic, tokens) are not sign-ins and are not
 * recorded here: each of them would be one.
 */
final class SignInAudit extends SimpleUrlAuthenticationFailureHandler implements AuthenticationEventPublisher {

    static final String OPERATION = "user.sign-in";

    private final AuditLog audit;
    private final AccountService accounts;
    private final SsoSettings sso;

    SignInAudit(AuditLog audit, AccountService accounts, SsoSettings sso) {
        super("/login?error");
        this.audit = audit;
        this.accounts = accounts;
        this.sso = sso;
    }

    /** A console sign-in succeeded (the console chain's own providers: password or single sign-on). */
    @Override
    public void publishAuthenticationSuccess(Authentication authentication) {
        String name = authentication.getName();
        Map<String, Object> parameters = method(authentication);
        Access.roleOf(authentication.getAuthorities()).ifPresent(role -> parameters.put("role", role.label()));
        record(name, addressOf(authentication), parameters, AuditOutcome.SUCCESS, null, null);
    }

    /** A password sign-in failed; single sign-on failures reach {@link #onAuthenticationFailure} instead. */
    @Override
    public void publishAuthenticationFailure(AuthenticationException exception, Authentication authentication) {
        if (authentication instanceof UsernamePasswordAuthenticationToken) {
            boolean wrong = exception instanceof BadCredentialsException;
            String code = wrong ? "BAD_CREDENTIALS" : exception instanceof LockedException ? "LOGIN_LOCKED"
                    : exception instanceof DisabledException ? "USER_DISABLED" : "REFUSED";
            record(authentication.getName(), addressOf(authentication), method(authentication),
                    wrong ? AuditOutcome.FAILURE : AuditOutcome.REFUSED, code, exception.getMessage());
        }
    }

    /** A single sign-on failed or was refused: recorded, then the login page says why (it reads the session's exception). */
    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException, jakarta.servlet.ServletException {
        Map<String, Object> parameters = ssoParameters();
        if (exception instanceof SsoUsers.Refused refused) {
            record(refused.username(), request.getRemoteAddr(), parameters, AuditOutcome.REFUSED, refused.code(), refused.getMessage());
        } else {
            String code = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode() : "SSO_FAILED";
            record(null, request.getRemoteAddr(), parameters, AuditOutcome.FAILURE, code, SsoMessages.of(exception, sso.providerName()));
        }
        super.onAuthenticationFailure(request, response, exception);
    }

    private Map<String, Object> method(Authentication authentication) {
        return authentication instanceof UsernamePasswordAuthenticationToken ? new LinkedHashMap<>(Map.of("method", "password"))
                : ssoParameters(); // the provider's OAuth2LoginAuthenticationToken
    }

    private Map<String, Object> ssoParameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("method", "single sign-on");
        parameters.put("provider", sso.providerName());
        return parameters;
    }

    private void record(String name, String address, Map<String, Object> parameters, AuditOutcome outcome,
                        String code, String message) {
        audit.record(new Actor(name, address), OPERATION, "user", idOf(name), name, parameters, outcome, code, message);
    }

    private UUID idOf(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return accounts.byName(name).id();
        } catch (NotFoundException e) {
            return null;
        }
    }

    private static String addressOf(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
    }

}
