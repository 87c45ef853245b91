package org.xensv.webui.security;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/** The sentence the login page (and the audit log) gives for a single sign-on that did not let the user in. */
final class SsoMessages {

    private SsoMessages() {
    }

    static String of(AuthenticationException failure, String provider) {
        if (failure instanceof SsoUsers.Refused refused) {
            return refused.getMessage();
        }
        if (failure.getCause() instanceof IllegalStateException unreachable) { // the provider's discovery document
            return unreachable.getMessage();
        }
        OAuth2Error error = failure instanceof OAuth2AuthenticationException oauth ? oauth.getError() : null;
        if (error != null && "access_denied".equals(error.getErrorCode())) {
            return provider + " did not let you in (access denied).";
        }
        String detail = error == null ? failure.getMessage()
                : error.getDescription() == null ? error.getErrorCode() : error.getErrorCode() + ": " + error.getDescription();
        return "Signing in with " + provider + " failed (" + detail + "): try again, or sign in with a password.";
    }
}
