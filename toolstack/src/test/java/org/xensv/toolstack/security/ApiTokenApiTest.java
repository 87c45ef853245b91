package org.xensv.toolstack.security;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;

import static org.assertj.core.api.Assertions.assertThat;

/** API tokens: created (the secret once), used as Bearer with their own role, stored hashed, expired and revoked. */
// the toolstack tests' shared context (each context claims its hosts' memory from one process budget)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiTokenApiTest {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokenRepository tokens;

    private Api bearer(String secret) {
        return Api.withAuthorization(port, "Bearer " + secret);
    }

    private Api.Response create(Api as, String body) {
        return as.post("/api/v1/tokens", body);
    }

    @Test
    void aTokenIsShownOnceStoredHashedAndSignsInAsItsOwner() {
        Api.Response created = create(new Api(port), "{\"name\":\"ci\",\"role\":\"ADMIN\",\"expiresInDays\":30}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String secret = created.body().get("secret").asString();
        assertThat(secret).startsWith("xsv_").hasSizeGreaterThan(40);
        UUID id = UUID.fromString(created.body().get("token").get("id").asString());
        assertThat(tokens.findById(id).orElseThrow().view().toString()).doesNotContain(secret);
        assertThat(tokens.findByTokenHash(ApiTokenService.hash(secret))).isPresent();

        Api.Response me = bearer(secret).get("/api/v1/users/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("username").asString()).isEqualTo("admin");
        assertThat(new Api(port).get("/api/v1/tokens").raw()).contains("\"ci\"").doesNotContain(secret);
    }

    @Test
    void aTokenActsWithItsOwnLowerRole() {
        String secret = create(new Api(port), "{\"name\":\"viewer\",\"role\":\"READ_ONLY\"}").body().get("secret").asString();
        assertThat(bearer(secret).get("/api/v1/vms").status()).isEqualTo(200);
        Api.Response refused = bearer(secret).post("/api/v1/networks", "{\"name\":\"n\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("detail").asString()).contains("read-only");
    }

    @Test
    void aTokenCannotMintAHigherOne() {
        String secret = create(new Api(port), "{\"name\":\"low\",\"role\":\"OPERATOR\"}").body().get("secret").asString();
        Api.Response refused = create(bearer(secret), "{\"name\":\"high\",\"role\":\"ADMIN\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("field").asString()).isEqualTo("role");
    }

    @Test
    void anExpiredTokenIsRefused() {
        Api.Response created = create(new Api(port), "{\"name\":\"old\",\"expiresInDays\":1}");
        String secret = created.body().get("secret").asString();
        assertThat(bearer(secret).get("/api/v1/vms").status()).isEqualTo(200);
        ApiToken token = tokens.findById(UUID.fromString(created.body().get("token").get("id").asString())).orElseThrow();
        token.expireAt(Instant.now().minusSeconds(1));
        tokens.save(token);
        Api.Response refused = bearer(secret).get("/api/v1/vms");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().get("detail").asString()).contains("expired");
    }

    @Test
    void aRevokedTokenIsRefused() {
        Api.Response created = create(new Api(port), "{\"name\":\"gone\"}");
        String secret = created.body().get("secret").asString();
        assertThat(bearer(secret).get("/api/v1/vms").status()).isEqualTo(200);
        assertThat(new Api(port).delete("/api/v1/tokens/" + created.body().get("token").get("id").asString()).status()).isEqualTo(200);
        assertThat(bearer(secret).get("/api/v1/vms").status()).isEqualTo(401);
        assertThat(bearer("xsv_made-up").get("/api/v1/vms").status()).isEqualTo(401);
    }

    @Test
    void theOpenApiDocumentDeclaresBearerAndBasic() {
        Api.Response doc = Api.anonymous(port).get("/api/v1/openapi.json");
        assertThat(doc.body().get("components").get("securitySchemes").has("bearer")).isTrue();
        assertThat(doc.body().get("components").get("securitySchemes").has("basic")).isTrue();
    }
}
