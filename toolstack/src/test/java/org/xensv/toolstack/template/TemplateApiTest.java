package org.xensv.toolstack.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Templates through the REST API over real HTTP, against H2, with the embedded runtime below. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TemplateApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate db;
    @Autowired
    TemplateBootstrap bootstrap;

    Api api;
    String hostId;
    String poolId;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        JsonNode host = api.get("/api/v1/hosts").body().get(0);
        hostId = host.get("id").asString();
        poolId = host.get("poolId").asString();
    }

    private String vm(String name) {
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "%s", "vcpus": 1, "memoryMiB": 32, "hostId": "%s", "workload": "WEB"}""".formatted(name, hostId));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("vm").get("id").asString();
    }

    private String template(String name) {
        return api.get("/api/v1/templates").body().valueStream().filter(t -> t.get("name").asString().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no template " + name)).get("id").asString();
    }

    private int count(String sql) {
        return db.queryForObject("select count(*) from " + sql, Integer.class);
    }

    @Test
    void theShippedTemplatesAreListedApartFromTheVmsAndNotMadeTwice() {
        List<String> templates = api.get("/api/v1/templates").body().valueStream().map(t -> t.get("name").asString()).toList();
        assertThat(templates).contains("debian-web-server", "postgresql-database", "memory-streamer");
        assertThat(api.get("/api/v1/vms").body().valueStream().map(v -> v.get("name").asString()).toList())
                .doesNotContain("debian-web-server");
        int before = count("vm where is_template");

        bootstrap.shipTemplates(); // as at the next start

        assertThat(count("vm where is_template")).isEqualTo(before);
    }

    @Test
    void aHaltedVmBecomesATemplateThatIsNeverStarted() {
        String id = vm("tmpl-convert");
        Api.Response converted = api.post("/api/v1/vms/" + id + "/template", null);
        assertThat(converted.status()).as(converted.raw()).isEqualTo(200);
        assertThat(converted.body().get("template").asBoolean()).isTrue();
        assertThat(converted.body().get("allowedOperations").toString()).isEqualTo("[\"DESTROY\"]");

        Api.Response start = api.post("/api/v1/vms/" + id + "/start", null);
        assertThat(start.status()).as(start.raw()).isEqualTo(409);
        assertThat(start.body().get("code").asString()).isEqualTo("VM_IS_TEMPLATE");
        assertThat(start.body().get("detail").asString()).contains("is a template");
        assertThat(api.post("/api/v1/vms/" + id + "/template", null).status()).isEqualTo(409);
    }

    @Test
    void aRunningVmIsNotMadeATemplate() {
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "tmpl-running", "vcpus": 1, "memoryMiB": 32, "hostId": "%s", "start": true}""".formatted(hostId));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("vm").get("id").asString();
        Await.until("VM runs", () -> api.get("/api/v1/vms/" + id).body().get("powerState").asString().equals("RUNNING"));
        Api.Response refused = api.post("/api/v1/vms/" + id + "/template", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("detail").asString()).contains("shut it down to make it a template");
        assertThat(api.get("/api/v1/vms/" + id).body().get("template").asBoolean()).isFalse();
    }

    @Test
    void aVmFromATemplateHasItsConfigFreshMacsAndClonedDisksAndRuns() {
        String template = template("debian-web-server");
        JsonNode contents = api.get("/api/v1/templates/" + template).body();
        String templateMac = contents.get("nics").get(0).get("mac").asString();
        String templateImage = contents.get("disks").get(0).get("imageId").asString();

        Api.Response created = api.post("/api/v1/templates/" + template + "/instantiate", """
                {"name": "web-from-template", "hostId": "%s", "start": true}""".formatted(hostId));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode vm = created.body().get("vm");
        String id = vm.get("id").asString();
        assertThat(vm.get("template").asBoolean()).isFalse();
        assertThat(vm.get("workload").get("kind").asString()).isEqualTo("WEB");
        assertThat(vm.get("memoryMiB").asLong()).isEqualTo(256);

        JsonNode nic = api.get("/api/v1/vms/" + id + "/vifs").body().get(0);
        assertThat(nic.get("networkId").asString()).isEqualTo(contents.get("nics").get(0).get("networkId").asString());
        assertThat(nic.get("mac").asString()).isNotEqualTo(templateMac).startsWith("00:16:3e");
        JsonNode disk = api.get("/api/v1/vms/" + id + "/vbds").body().get(0);
        assertThat(disk.get("imageId").asString()).isNotEqualTo(templateImage);
        assertThat(disk.get("device").asString()).isEqualTo("xvda");
        assertThat(disk.get("bootable").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/images/" + disk.get("imageId").asString()).body().get("name").asString())
                .isEqualTo("web-from-template-xvda");
        Await.until("the copy runs", () -> api.get("/api/v1/vms/" + id).body().get("powerState").asString().equals("RUNNING"));
        // the template is untouched
        assertThat(api.get("/api/v1/templates/" + template).body().get("disks").get(0).get("imageId").asString())
                .isEqualTo(templateImage);
    }

    @Test
    void aCopyWhoseSecondDiskDoesNotFitLeavesNoVmRowOrFile(@TempDir Path dir) throws IOException {
        Api.Response sr = api.post("/api/v1/srs", """
                {"poolId": "%s", "name": "tmpl-small-sr", "path": "%s", "quotaMiB": 30}""".formatted(poolId, dir));
        assertThat(sr.status()).as(sr.raw()).isEqualTo(201);
        String srId = sr.body().get("id").asString();
        String id = vm("tmpl-two-disks");
        for (String name : List.of("tmpl-a", "tmpl-b")) {
            String image = api.post("/api/v1/images", """
                    {"srId": "%s", "name": "%s", "sizeMiB": 8}""".formatted(srId, name)).body().get("id").asString();
            assertThat(api.post("/api/v1/vms/" + id + "/vbds", """
                    {"imageId": "%s"}""".formatted(image)).status()).isEqualTo(201);
        }
        String net = api.get("/api/v1/networks").body().get(0).get("id").asString();
        assertThat(api.post("/api/v1/vms/" + id + "/vifs", """
                {"networkId": "%s"}""".formatted(net)).status()).isEqualTo(201);
        api.post("/api/v1/vms/" + id + "/template", null);
        int vms = count("vm");
        int vifs = count("vif");
        int vbds = count("vbd");
        int images = count("image");
        List<Path> files = files(dir);
        assertThat(files).hasSize(2);

        Api.Response refused = api.post("/api/v1/templates/" + id + "/instantiate", """
                {"name": "tmpl-copy"}""");

        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.body().get("detail").asString()).contains("does not fit");
        assertThat(count("vm")).isEqualTo(vms);
        assertThat(count("vm where name = 'tmpl-copy'")).isZero();
        assertThat(count("vif")).isEqualTo(vifs);
        assertThat(count("vbd")).isEqualTo(vbds);
        assertThat(count("image")).isEqualTo(images);
        assertThat(files(dir)).isEqualTo(files);
    }

    @Test
    void aCopyNeedsAValidNewName() {
        String template = template("memory-streamer");
        Api.Response refused = api.post("/api/v1/templates/" + template + "/instantiate", """
                {"name": "memory-streamer"}""");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("field").asString()).isEqualTo("name");
        assertThat(api.post("/api/v1/templates/" + hostId + "/instantiate", "{\"name\": \"x\"}").status()).isEqualTo(404);
    }

    @Test
    void templatesAndTagsAreInTheOpenApiDocument() {
        assertThat(api.get("/api/v1/openapi.json").raw())
                .contains("/api/v1/templates/{id}/instantiate", "/api/v1/vms/{id}/template", "/api/v1/tags/{tag}",
                        "/api/v1/hosts/{id}/tags/{tag}", "/api/v1/images/{id}/tags", "InstantiateSpec");
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }
}
