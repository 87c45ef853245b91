package org.xensv.webui.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.xensv.toolstack.security.ExternalSignInRefused;

import static org.assertj.core.api.Assertions.assertThat;

class SsoMessagesTest {

    @Test
    void aRefusedUserIsToldWhy() {
        SsoUsers.Refused refused = new SsoUsers.Refused(new ExternalSignInRefused("USER_DISABLED", "dora",
                "The user 'dora' is disabled in xensv: ask an admin."));
        assertThat(SsoMessages.of(refused, "Lab IdP")).isEqualTo("The user 'dora' is disabled in xensv: ask an admin.");
        assertThat(refused.code()).isEqualTo("USER_DISABLED");
        assertThat(refused.username()).isEqualTo("dora");
    }

    @Test
    void aProviderThatDoesNotAnswerIsNamedWithWhatToDo() {
        // as Spring Security's redirect filter wraps what the registration lookup threw
        AuthenticationException failed = new AuthenticationException("redirect failed", new IllegalStateException(
                "The single sign-on provider at http://idp does not answer: sign in with a password, or try again later.")) {
        };
        assertThat(SsoMessages.of(failed, "Lab IdP")).contains("does not answer").contains("sign in with a password");
    }

    @Test
    void aDenialAtTheProviderAndOtherErrorsNameTheProvider() {
        assertThat(SsoMessages.of(new OAuth2AuthenticationException(new OAuth2Error("access_denied")), "Lab IdP"))
                .isEqualTo("Lab IdP did not let you in (access denied).");
        assertThat(SsoMessages.of(new OAuth2AuthenticationException(new OAuth2Error("invalid_token_response", "bad", null)), "Lab IdP"))
                .isEqualTo("Signing in with Lab IdP failed (invalid_token_response: bad): try again, or sign in with a password.");
    }
}
