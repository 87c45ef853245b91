package org.xensv.toolstack.security;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Single sign-on users in the users table: created at the first sign-in, their role following the
 * provider's claim, refused when disabled or when a local user has the name, never signed in with a
 * password, and no password can be set for them.
 */
// the toolstack tests' shared context (each context claims its hosts' memory from one process budget)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExternalAccountTest {

    @LocalServerPort
    int port;

    @Autowired
    AccountService accounts;

    @Test
    void theFirstSignInCreatesAnExternalUserAndTheNextOnesFollowTheClaimsRole() {
        AccountView first = accounts.signInExternal("sso-erin", Role.READ_ONLY);
        assertThat(first.external()).isTrue();
        assertThat(first.role()).isEqualTo(Role.READ_ONLY);
        AccountView next = accounts.signInExternal("SSO-Erin", Role.OPERATOR);
        assertThat(next.id()).isEqualTo(first.id());
        assertThat(next.role()).isEqualTo(Role.OPERATOR);
        String listed = new Api(port).get("/api/v1/users/" + first.id()).raw();
        assertThat(listed).contains("\"external\":true").contains("\"role\":\"OPERATOR\"");
    }

    @Test
    void aDisabledExternalUserIsRefused() {
        AccountView user = accounts.signInExternal("sso-fred", Role.OPERATOR);
        assertThat(new Api(port).patch("/api/v1/users/" + user.id(), "{\"enabled\":false}").status()).isEqualTo(200);
        assertThatThrownBy(() -> accounts.signInExternal("sso-fred", Role.OPERATOR))
                .isInstanceOfSatisfying(ExternalSignInRefused.class, e -> assertThat(e.code()).isEqualTo("USER_DISABLED"))
                .hasMessageContaining("disabled");
    }

    @Test
    void theProviderCannotTakeOverALocalUser() {
        assertThat(new Api(port).post("/api/v1/users",
                "{\"username\":\"local-gina\",\"password\":\"gina-password-1\",\"role\":\"OPERATOR\"}").status()).isEqualTo(201);
        assertThatThrownBy(() -> accounts.signInExternal("local-gina", Role.ADMIN))
                .isInstanceOfSatisfying(ExternalSignInRefused.class, e -> assertThat(e.code()).isEqualTo("LOCAL_USER_EXISTS"));
        assertThat(accounts.byName("local-gina").role()).isEqualTo(Role.OPERATOR);
    }

    @Test
    void aNameXensvDoesNotAcceptIsRefused() {
        assertThatThrownBy(() -> accounts.signInExternal("Hans Müller", Role.READ_ONLY))
                .isInstanceOfSatisfying(ExternalSignInRefused.class, e -> assertThat(e.code()).isEqualTo("BAD_USERNAME"));
    }

    @Test
    void anExternalUserHasNoPasswordHere() {
        AccountView user = accounts.signInExternal("sso-hugo", Role.OPERATOR);
        assertThat(new Api(port, "sso-hugo", "(single sign-on)").get("/api/v1/vms").status()).isEqualTo(401);
        Api.Response reset = new Api(port).patch("/api/v1/users/" + user.id(), "{\"password\":\"hugo-password-12\"}");
        assertThat(reset.status()).isEqualTo(400);
        assertThat(reset.body().get("field").asString()).isEqualTo("password");
        assertThat(reset.body().get("detail").asString()).contains("single sign-on");
    }
}
