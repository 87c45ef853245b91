package org.xensv.toolstack.filter;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;

import static org.assertj.core.api.Assertions.assertThat;

/** Saved filters: kept per user under a name, listed, deleted; bad names and searches refused naming the field. */
// the toolstack tests' shared context (each context claims its hosts' memory from one process budget)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SavedFilterApiTest {

    @LocalServerPort
    int port;

    private Api admin() {
        return new Api(port);
    }

    @AfterEach
    void deleteWhatWasSaved() {
        admin().get("/api/v1/filters").body().valueStream()
                .forEach(f -> admin().delete("/api/v1/filters/" + f.get("id").asString()));
    }

    private Api.Response save(String name, String query) {
        return admin().post("/api/v1/filters", "{\"name\":" + json(name) + ",\"query\":" + json(query) + "}");
    }

    private static String json(String text) {
        return text == null ? "null" : "\"" + text.replace("\"", "\\\"") + "\"";
    }

    @Test
    void aFilterIsSavedListedByNameAndDeleted() {
        Api.Response saved = save(" Prod databases ", "tag:env=prod state:running db");
        assertThat(saved.status()).as(saved.raw()).isEqualTo(201);
        assertThat(saved.body().get("name").asString()).isEqualTo("Prod databases");
        assertThat(saved.body().get("query").asString()).isEqualTo("tag:env=prod state:running db");
        assertThat(save("all halted", "state:halted").status()).isEqualTo(201);

        Api.Response listed = admin().get("/api/v1/filters");
        assertThat(listed.body().valueStream().map(f -> f.get("name").asString())).containsExactly("all halted", "Prod databases");

        String id = saved.body().get("id").asString();
        assertThat(admin().delete("/api/v1/filters/" + id).status()).isEqualTo(204);
        assertThat(admin().get("/api/v1/filters").body().valueStream().map(f -> f.get("name").asString())).containsExactly("all halted");
        Api.Response again = admin().delete("/api/v1/filters/" + id);
        assertThat(again.status()).isEqualTo(404);
    }

    @Test
    void anEmptyOrTooLongNameIsRefusedNamingTheField() {
        for (String name : new String[] {null, "", "   ", "x".repeat(65)}) {
            Api.Response refused = save(name, "state:running");
            assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
            assertThat(refused.body().get("field").asString()).isEqualTo("name");
            assertThat(refused.body().get("detail").asString()).contains("1 to 64 characters");
        }
        assertThat(admin().get("/api/v1/filters").body().size()).isZero();
    }

    @Test
    void aSecondFilterOfTheSameNameInAnyCaseIsRefused() {
        assertThat(save("Web", "tag:tier=web").status()).isEqualTo(201);
        Api.Response refused = save("WEB", "state:running");
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.body().get("field").asString()).isEqualTo("name");
        assertThat(refused.body().get("detail").asString()).contains("already the name of one of your saved filters");
        assertThat(admin().get("/api/v1/filters").body().size()).isEqualTo(1);
    }

    @Test
    void aSearchTheParserRefusesIsRefusedWithItsMessage() {
        Api.Response badState = save("bad state", "state:sleeping");
        assertThat(badState.status()).as(badState.raw()).isEqualTo(400);
        assertThat(badState.body().get("field").asString()).isEqualTo("query");
        assertThat(badState.body().get("detail").asString()).contains("sleeping").contains("must be one of [halted, running, paused, suspended]");

        Api.Response badTag = save("bad tag", "tag:" + "t".repeat(200));
        assertThat(badTag.status()).as(badTag.raw()).isEqualTo(400);
        assertThat(badTag.body().get("field").asString()).isEqualTo("query");

        Api.Response empty = save("empty", " ");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().get("field").asString()).isEqualTo("query");
        assertThat(admin().get("/api/v1/filters").body().size()).isZero();
    }

    @Test
    void anotherUserSeesNoneOfMineAndCannotDeleteThem() {
        String id = save("mine", "pool:default").body().get("id").asString();
        String name = "filter-user-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin().post("/api/v1/users", "{\"username\":\"" + name
                + "\",\"password\":\"a-long-enough-password\",\"role\":\"OPERATOR\"}").status()).isEqualTo(201);
        Api other = new Api(port, name, "a-long-enough-password");
        assertThat(other.get("/api/v1/filters").body().size()).isZero();
        assertThat(other.delete("/api/v1/filters/" + id).status()).isEqualTo(404);
        assertThat(other.post("/api/v1/filters", "{\"name\":\"mine\",\"query\":\"db\"}").status()).isEqualTo(201);
        assertThat(admin().get("/api/v1/filters").body().size()).isEqualTo(1);
    }

    @Test
    void savingAndDeletingAreAudited() {
        String id = save("audited", "host:h1").body().get("id").asString();
        admin().delete("/api/v1/filters/" + id);
        String log = admin().get("/api/v1/audit?object=" + id).raw();
        assertThat(log).contains("filter.create").contains("filter.delete");
    }
}
