package org.xensv.toolstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;
import tools.jackson.databind.JsonNode;

/**
 * The paged VM list: filters, sorting and pages answered by the database, the total in
 * {@code X-Total-Count}, every VM in one call when no page is asked, bad parameters refused naming them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VmListApiTest {

    @LocalServerPort
    int port;

    Api api;
    String prefix;
    String hostId;
    final List<String> created = new ArrayList<>();

    @BeforeAll
    void createTwentyFiveVms() {
        api = new Api(port);
        prefix = "pg" + UUID.randomUUID().toString().substring(0, 6) + "-";
        hostId = api.get("/api/v1/hosts").body().get(0).get("id").asString();
        for (int i = 0; i < 25; i++) {
            Api.Response vm = api.post("/api/v1/vms", """
                    {"name": "%s%02d", "vcpus": %d, "memoryMiB": %d, "hostId": "%s"}""".formatted(prefix, i, 1 + i % 3, 16 + i, hostId));
            assertThat(vm.status()).as(vm.raw()).isEqualTo(201);
            created.add(vm.body().get("vm").get("id").asString());
        }
        for (int i = 0; i < 25; i += 5) {
            assertThat(api.put("/api/v1/vms/" + created.get(i) + "/tags/Every-Fifth", null).status()).isEqualTo(200);
        }
    }

    @AfterAll
    void deleteThem() {
        created.forEach(id -> api.delete("/api/v1/vms/" + id));
    }

    @Test
    void pagesCoverTheMatchesOnceInOrderWithTheTotal() {
        Set<String> seen = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            HttpResponse<String> response = api.download("/api/v1/vms?q=" + prefix.toUpperCase() + "&size=10&page=" + page);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Total-Count")).contains("25");
            JsonNode items = json(response.body());
            assertThat(items.size()).isEqualTo(page < 2 ? 10 : 5);
            items.forEach(vm -> {
                assertThat(seen.add(vm.get("id").asString())).isTrue();
                names.add(vm.get("name").asString());
            });
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(created);
        assertThat(names).isSorted();
    }

    @Test
    void sortsByAColumnEitherWay() {
        JsonNode byMemory = api.get("/api/v1/vms?q=" + prefix + "&sort=memory,desc&size=3").body();
        assertThat(byMemory.get(0).get("memoryMiB").asLong()).isEqualTo(40);
        assertThat(byMemory.get(2).get("memoryMiB").asLong()).isEqualTo(38);
        JsonNode byCpu = api.get("/api/v1/vms?q=" + prefix + "&sort=cpu").body();
        List<Integer> vcpus = new ArrayList<>();
        byCpu.forEach(vm -> vcpus.add(vm.get("vcpus").asInt()));
        assertThat(vcpus).hasSize(25).isSorted();
    }

    @Test
    void filtersByTagStateHostAndPoolTogether() {
        String pool = api.get("/api/v1/hosts/" + hostId).body().get("poolId").asString();
        HttpResponse<String> tagged = api.download("/api/v1/vms?q=" + prefix + "&tag=every-fifth&state=halted&host=" + hostId
                + "&pool=" + pool);
        assertThat(tagged.headers().firstValue("X-Total-Count")).contains("5");
        assertThat(json(tagged.body()).size()).isEqualTo(5);
        assertThat(api.get("/api/v1/vms?q=" + prefix + "&state=running,paused").body().size()).isZero();
        assertThat(api.get("/api/v1/vms?q=" + prefix + "&pool=" + UUID.randomUUID()).body().size()).isZero();
    }

    @Test
    void withoutAPageEveryVmAnswersInOneCall() {
        HttpResponse<String> all = api.download("/api/v1/vms");
        int total = Integer.parseInt(all.headers().firstValue("X-Total-Count").orElseThrow());
        assertThat(json(all.body()).size()).isEqualTo(total).isGreaterThanOrEqualTo(25);
    }

    @Test
    void badParametersAreRefusedNamingThem() {
        assertRefused("/api/v1/vms?sort=colour", "sort");
        assertRefused("/api/v1/vms?sort=name,sideways", "sort");
        assertRefused("/api/v1/vms?size=0", "size");
        assertRefused("/api/v1/vms?size=ten", "size");
        assertRefused("/api/v1/vms?page=-1", "page");
        assertRefused("/api/v1/vms?state=asleep", "state");
        assertRefused("/api/v1/vms?tag=no%20spaces", "tag");
    }

    @Test
    void aNameFragmentWithLikeWildcardsIsTakenLiterally() {
        assertThat(api.get("/api/v1/vms?q=" + prefix + "%25").body().size()).isZero();
        assertThat(api.get("/api/v1/vms?q=" + prefix.replace("-", "_")).body().size()).isZero();
    }

    private void assertRefused(String path, String field) {
        Api.Response response = api.get(path);
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.raw()).contains(field);
    }

    private static JsonNode json(String body) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(body);
    }
}
