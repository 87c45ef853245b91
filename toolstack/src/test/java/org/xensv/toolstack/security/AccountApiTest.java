package org.xensv.toolstack.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;

import static org.assertj.core.api.Assertions.assertThat;

/** Users through /api/v1/users: created by admins with a password policy, disabled, demoted, and each changing their own password. */
// the toolstack tests' shared context (each context claims its hosts' memory from one process budget)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccountApiTest {

    @LocalServerPort
    int port;

    private Api.Response create(String name, String password, String role) {
        return new Api(port).post("/api/v1/users",
                "{\"username\":\"" + name + "\",\"password\":\"" + password + "\",\"role\":\"" + role + "\"}");
    }

    @Test
    void aShortPasswordOrOneEqualToTheNameIsRefusedAtTheField() {
        Api.Response shortOne = create("shorty", "short", "OPERATOR");
        assertThat(shortOne.status()).isEqualTo(400);
        assertThat(shortOne.body().get("field").asString()).isEqualTo("password");
        assertThat(shortOne.body().get("detail").asString()).contains("at least 12 characters");
        Api.Response sameAsName = create("longusername1", "LongUserName1", "OPERATOR");
        assertThat(sameAsName.status()).isEqualTo(400);
        assertThat(sameAsName.body().get("detail").asString()).contains("must not be the user name");
    }

    @Test
    void aDisabledUserCannotSignIn() {
        String id = create("dora", "dora-password-1", "READ_ONLY").body().get("id").asString();
        assertThat(new Api(port, "dora", "dora-password-1").get("/api/v1/users/me").status()).isEqualTo(200);
        assertThat(new Api(port).patch("/api/v1/users/" + id, "{\"enabled\":false}").status()).isEqualTo(200);
        Api.Response refused = new Api(port, "dora", "dora-password-1").get("/api/v1/vms");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().get("detail").asString()).contains("disabled");
    }

    @Test
    void theLastAdminCanBeNeitherDemotedNorDisabled() {
        String adminId = new Api(port).get("/api/v1/users/me").body().get("id").asString();
        Api.Response demoted = new Api(port).patch("/api/v1/users/" + adminId, "{\"role\":\"OPERATOR\"}");
        assertThat(demoted.status()).isEqualTo(409);
        assertThat(demoted.body().get("code").asString()).isEqualTo("LAST_ADMIN");
        assertThat(demoted.body().get("detail").asString()).contains("last enabled admin");
        assertThat(new Api(port).patch("/api/v1/users/" + adminId, "{\"enabled\":false}").status()).isEqualTo(409);
    }

    @Test
    void anAdminChangesARoleAndResetsAPassword() {
        String id = create("olga", "olga-password-1", "READ_ONLY").body().get("id").asString();
        Api.Response promoted = new Api(port).patch("/api/v1/users/" + id, "{\"role\":\"OPERATOR\",\"password\":\"olga-password-2\"}");
        assertThat(promoted.status()).as(promoted.raw()).isEqualTo(200);
        assertThat(promoted.body().get("role").asString()).isEqualTo("OPERATOR");
        assertThat(new Api(port, "olga", "olga-password-1").get("/api/v1/vms").status()).isEqualTo(401);
        assertThat(new Api(port, "olga", "olga-password-2").get("/api/v1/users/me").body().get("role").asString()).isEqualTo("OPERATOR");
    }

    @Test
    void aUserChangesTheirOwnPasswordWithTheCurrentOne() {
        create("pete", "pete-password-1", "READ_ONLY");
        Api pete = new Api(port, "pete", "pete-password-1");
        Api.Response wrong = pete.put("/api/v1/users/me/password", "{\"currentPassword\":\"nope\",\"newPassword\":\"pete-password-2\"}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().get("field").asString()).isEqualTo("currentPassword");
        Api.Response ok = pete.put("/api/v1/users/me/password",
                "{\"currentPassword\":\"pete-password-1\",\"newPassword\":\"pete-password-2\"}");
        assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        assertThat(new Api(port, "pete", "pete-password-2").get("/api/v1/vms").status()).isEqualTo(200);
    }

    @Test
    void aNameIsTakenOnceWhateverItsCase() {
        assertThat(create("Quinn", "quinn-password-1", "READ_ONLY").status()).isEqualTo(201);
        Api.Response again = create("quinn", "quinn-password-1", "READ_ONLY");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("code").asString()).isEqualTo("USER_EXISTS");
    }

    @Test
    void fiveWrongPasswordsLockTheUserWithAMessage() {
        create("lena", "lena-password-1", "READ_ONLY");
        for (int i = 0; i < 5; i++) {
            assertThat(new Api(port, "lena", "wrong-" + i).get("/api/v1/vms").status()).isEqualTo(401);
        }
        Api.Response locked = new Api(port, "lena", "lena-password-1").get("/api/v1/vms");
        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.body().get("code").asString()).isEqualTo("LOGIN_LOCKED");
        assertThat(locked.body().get("detail").asString()).contains("locked for 15 minutes");
        assertThat(new Api(port).get("/api/v1/vms").status()).as("another user from the same address").isEqualTo(200);
    }

    @Test
    void theSecondFirstAdminIsRefused(@org.springframework.beans.factory.annotation.Autowired AccountService accounts) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> accounts.createFirstAdmin("eve", "eve-password-123"))
                .hasMessageContaining("already exists");
    }
}
