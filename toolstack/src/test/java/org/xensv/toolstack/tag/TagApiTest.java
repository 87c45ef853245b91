package org.xensv.toolstack.tag;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.xensv.toolstack.support.Api;

import static org.assertj.core.api.Assertions.assertThat;

/** Tags on VMs, hosts, networks and images through the REST API, against H2. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TagApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate db;

    Api api;
    String hostId;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        hostId = api.get("/api/v1/hosts").body().get(0).get("id").asString();
    }

    private String vm(String name) {
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "%s", "vcpus": 1, "memoryMiB": 32, "hostId": "%s"}""".formatted(name, hostId));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("vm").get("id").asString();
    }

    @Test
    void aVmIsTaggedUntaggedAndFoundByTagInAnyCase() {
        String web = vm("tag-web-1");
        String db1 = vm("tag-db-1");
        Api.Response added = api.put("/api/v1/vms/" + web + "/tags/Env=Prod", null);
        assertThat(added.status()).as(added.raw()).isEqualTo(200);
        assertThat(added.body().toString()).contains("Env=Prod");
        api.put("/api/v1/vms/" + web + "/tags/web", null);
        api.put("/api/v1/vms/" + db1 + "/tags/env=prod", null);

        assertThat(api.get("/api/v1/vms/" + web).body().get("tags").toString()).isEqualTo("[\"Env=Prod\",\"web\"]");
        var prod = api.get("/api/v1/vms?tag=ENV=PROD").body();
        assertThat(prod.size()).isEqualTo(2);
        var webOnly = api.get("/api/v1/vms?tag=web").body();
        assertThat(webOnly.size()).isEqualTo(1);
        assertThat(webOnly.get(0).get("name").asString()).isEqualTo("tag-web-1");
        assertThat(api.get("/api/v1/tags/env=prod").raw()).contains("tag-web-1", "tag-db-1");

        Api.Response removed = api.delete("/api/v1/vms/" + web + "/tags/ENV=prod");
        assertThat(removed.status()).as(removed.raw()).isEqualTo(200);
        assertThat(api.get("/api/v1/vms/" + web + "/tags").body().toString()).isEqualTo("[\"web\"]");
        assertThat(api.get("/api/v1/vms?tag=env=prod").body().size()).isEqualTo(1);
    }

    @Test
    void addingATagTwiceInAnotherCaseKeepsOne() {
        String id = vm("tag-twice");
        api.put("/api/v1/vms/" + id + "/tags/Blue", null);
        Api.Response again = api.put("/api/v1/vms/" + id + "/tags/BLUE", null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().toString()).isEqualTo("[\"Blue\"]");
        assertThat(db.queryForObject("select count(*) from tag where object_id = ?", Integer.class,
                java.util.UUID.fromString(id))).isEqualTo(1);
    }

    @Test
    void aBadTagIsRefusedNamingTheFieldAndTheRule() {
        String id = vm("tag-bad");
        Api.Response spaces = api.put("/api/v1/vms/" + id + "/tags/a%20b", null);
        assertThat(spaces.status()).as(spaces.raw()).isEqualTo(400);
        assertThat(spaces.body().get("field").asString()).isEqualTo("tag");
        assertThat(spaces.body().get("detail").asString()).contains("letters, digits and - _ . : = only");
        Api.Response tooLong = api.put("/api/v1/vms/" + id + "/tags/" + "x".repeat(33), null);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().get("detail").asString()).contains("at most 32 characters");
        assertThat(api.get("/api/v1/vms?tag=a%20b").status()).isEqualTo(400);
        assertThat(db.queryForObject("select count(*) from tag where object_id = ?", Integer.class,
                java.util.UUID.fromString(id))).isZero();
    }

    @Test
    void anUnknownObjectOrAMissingTagIsNotFound() {
        assertThat(api.put("/api/v1/vms/" + java.util.UUID.randomUUID() + "/tags/x", null).status()).isEqualTo(404);
        String id = vm("tag-missing");
        Api.Response missing = api.delete("/api/v1/vms/" + id + "/tags/never");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("detail").asString()).contains("tag 'never' on vm 'tag-missing'");
    }

    @Test
    void hostsNetworksAndImagesCarryTagsToo() {
        api.put("/api/v1/hosts/" + hostId + "/tags/rack-7", null);
        assertThat(api.get("/api/v1/hosts?tag=rack-7").body().size()).isEqualTo(1);
        assertThat(api.get("/api/v1/hosts/" + hostId + "/tags").body().toString()).isEqualTo("[\"rack-7\"]");

        String net = api.get("/api/v1/networks").body().get(0).get("id").asString();
        api.put("/api/v1/networks/" + net + "/tags/dmz", null);
        assertThat(api.get("/api/v1/networks?tag=dmz").body().get(0).get("id").asString()).isEqualTo(net);

        String sr = api.get("/api/v1/srs").body().get(0).get("id").asString();
        Api.Response image = api.post("/api/v1/images", """
                {"srId": "%s", "name": "tagged-disk", "sizeMiB": 4}""".formatted(sr));
        assertThat(image.status()).as(image.raw()).isEqualTo(201);
        String imageId = image.body().get("id").asString();
        api.put("/api/v1/images/" + imageId + "/tags/golden", null);
        assertThat(api.get("/api/v1/images?tag=golden").body().size()).isEqualTo(1);
        assertThat(api.get("/api/v1/networks?tag=golden").body().size()).isZero();

        // an object's tags go with it
        assertThat(api.delete("/api/v1/images/" + imageId).status()).isEqualTo(204);
        assertThat(db.queryForObject("select count(*) from tag where object_id = ?", Integer.class,
                java.util.UUID.fromString(imageId))).isZero();
    }
}
