package org.xensv.toolstack.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

import tools.jackson.databind.JsonNode;

/**
 * Every kind of change through the REST API leaves an audit entry with who, from where, what, on
 * which object, with which parameters and how it ended; failures carry their code; the log is
 * filtered, paged and exported as CSV through the API. Runs on H2; {@link AuditPostgresTest} runs
 * the same on PostgreSQL.
 */
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "xensv.embedded.pool-name=Audit pool", "xensv.embedded.memory-mib=256"})
class AuditApiTest {

    @org.junit.jupiter.api.AfterAll
    static void giveTheHostsMemoryBack(@Autowired org.xensv.toolstack.host.HostService hosts) {
        org.xensv.toolstack.support.EmbeddedHosts.release(hosts);
    }

    @LocalServerPort
    int port;
    @Autowired
    AuditLog audit;

    Api api;
    String poolId;
    String hostId;
    String otherHostId;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        JsonNode hosts = api.get("/api/v1/hosts").body();
        hostId = hosts.get(0).get("id").asString();
        otherHostId = hosts.get(1).get("id").asString();
        poolId = hosts.get(0).get("poolId").asString();
    }

    @Test
    void everyKindOfChangeLeavesAnEntryWithWhoFromWhereWhatAndHowItEnded() throws Exception {
        Instant start = Instant.now();
        String vm = created(api.post("/api/v1/vms", """
                {"name": "audit-vm", "type": "PV", "vcpus": 1, "memoryMiB": 64, "hostId": "%s"}""".formatted(hostId))).get("vm").get("id").asString();
        String startTask = accepted(api.post("/api/v1/vms/" + vm + "/start", null));
        awaitTask(startTask);
        awaitTask(accepted(api.post("/api/v1/vms/" + vm + "/migrate", "{\"hostId\": \"%s\"}".formatted(otherHostId))));
        awaitTask(accepted(api.post("/api/v1/vms/" + vm + "/hard-shutdown", null)));
        awaitTask(accepted(api.delete("/api/v1/vms/" + vm)));

        String network = created(api.post("/api/v1/networks", "{\"name\": \"audit-net\", \"vlan\": 412, \"description\": \"a, \\\"quoted\\\" one\"}")).get("id").asString();
        ok(api.put("/api/v1/networks/" + network, "{\"name\": \"audit-net-2\", \"vlan\": 412}"));
        ok(api.put("/api/v1/networks/" + network + "/tags/audited", null));
        assertThat(api.delete("/api/v1/networks/" + network).status()).isEqualTo(204);

        String policy = created(api.post("/api/v1/qos-policies", "{\"name\": \"audit-qos\", \"cpuWeight\": 300}")).get("id").asString();
        ok(api.put("/api/v1/qos-policies/" + policy, "{\"name\": \"audit-qos\", \"cpuWeight\": 400}"));

        Path dir = Files.createTempDirectory("audit-sr");
        String sr = created(api.post("/api/v1/srs", "{\"poolId\": \"%s\", \"name\": \"audit-sr\", \"path\": \"%s\"}".formatted(poolId, dir))).get("id").asString();
        String image = created(api.post("/api/v1/images", "{\"srId\": \"%s\", \"name\": \"audit-disk\", \"sizeMiB\": 8}".formatted(sr))).get("id").asString();
        assertThat(api.delete("/api/v1/images/" + image).status()).isEqualTo(204);

        String template = created(api.post("/api/v1/vms", """
                {"name": "audit-tmpl", "type": "PV", "vcpus": 1, "memoryMiB": 64, "hostId": "%s"}""".formatted(hostId))).get("vm").get("id").asString();
        ok(api.post("/api/v1/vms/" + template + "/template", null));
        created(api.post("/api/v1/templates/" + template + "/instantiate", "{\"name\": \"audit-from-tmpl\", \"hostId\": \"%s\"}".formatted(hostId)));
        created(api.postText("/api/v1/vms/import?format=xl&hostId=" + hostId, "text/plain", "name = \"audit-imported\"\nmemory = 64\nvcpus = 1\n"));

        Api.Response maintenance = api.post("/api/v1/hosts/" + otherHostId + "/maintenance", "{\"force\": true}");
        awaitTask(accepted(maintenance));
        ok(api.delete("/api/v1/hosts/" + otherHostId + "/maintenance"));
        String host = created(api.post("/api/v1/hosts", "{\"poolId\": \"%s\", \"name\": \"audit-h\", \"uri\": \"test:///default\"}".formatted(poolId))).get("id").asString();
        assertThat(api.delete("/api/v1/hosts/" + host).status()).isEqualTo(204);

        List<String> operations = new ArrayList<>();
        for (JsonNode e : page("/api/v1/audit?size=500&from=" + start).get("entries")) {
            operations.add(e.get("operation").asString() + " " + e.get("outcome").asString());
        }
        assertThat(operations).contains("vm.create SUCCESS", "vm.start ACCEPTED", "vm.start SUCCESS", "vm.migrate ACCEPTED",
                "vm.migrate SUCCESS", "vm.hard-shutdown SUCCESS", "vm.destroy SUCCESS", "network.create SUCCESS",
                "network.update SUCCESS", "tag.add SUCCESS", "network.delete SUCCESS", "qos-policy.create SUCCESS",
                "qos-policy.update SUCCESS", "sr.create SUCCESS", "image.create SUCCESS", "image.delete SUCCESS",
                "vm.convert-to-template SUCCESS", "template.instantiate SUCCESS", "config.import SUCCESS",
                "host.enter-maintenance ACCEPTED", "host.evacuate SUCCESS", "host.exit-maintenance SUCCESS",
                "host.add SUCCESS", "host.remove SUCCESS");

        JsonNode create = only("/api/v1/audit?operation=network.create&object=audit-net");
        assertThat(create.get("actor").asString()).as("the signed-in user").isEqualTo(Api.ADMIN);
        assertThat(create.get("address").asString()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(create.get("objectType").asString()).isEqualTo("network");
        assertThat(create.get("objectId").asString()).isEqualTo(network);
        assertThat(create.get("parameters").asString()).contains("\"vlan\":412").contains("quoted");
        JsonNode started = page("/api/v1/audit?operation=vm.start&object=" + vm).get("entries");
        assertThat(started).hasSize(2);
        assertThat(started.get(0).get("parameters").asString()).contains(startTask);
        assertThat(api.get("/api/v1/tasks/" + startTask).body().get("startedBy").asString()).isEqualTo(Api.ADMIN);
    }

    @Test
    void aFailedChangeIsRecordedWithItsErrorCodeAndARefusalAsRefused() {
        String vm = created(api.post("/api/v1/vms", """
                {"name": "audit-halted", "type": "PV", "vcpus": 1, "memoryMiB": 64, "hostId": "%s"}""".formatted(hostId))).get("vm").get("id").asString();

        Api.Response pause = api.post("/api/v1/vms/" + vm + "/pause", null);
        Api.Response badNetwork = api.post("/api/v1/networks", "{\"name\": \"audit-bad\", \"vlan\": 5000}");
        audit.refused("host.remove", hostId, "operator 'bob' may not remove hosts");

        assertThat(pause.status()).isEqualTo(409);
        JsonNode failed = only("/api/v1/audit?operation=vm.pause&object=" + vm);
        assertThat(failed.get("outcome").asString()).isEqualTo("FAILURE");
        assertThat(failed.get("errorCode").asString()).isEqualTo(pause.body().get("code").asString());
        assertThat(failed.get("errorMessage").asString()).isEqualTo(pause.body().get("detail").asString());
        assertThat(badNetwork.status()).isEqualTo(400);
        JsonNode invalid = only("/api/v1/audit?operation=network.create&object=audit-bad");
        assertThat(invalid.get("outcome").asString()).isEqualTo("FAILURE");
        assertThat(invalid.get("errorCode").asString()).isEqualTo("INVALID_VALUE");
        JsonNode refused = only("/api/v1/audit?operation=host.remove&object=" + hostId);
        assertThat(refused.get("outcome").asString()).isEqualTo("REFUSED");
        assertThat(refused.get("actor").asString()).isEqualTo("system");
        assertThat(refused.get("errorMessage").asString()).contains("may not remove hosts");
    }

    @Test
    void theLogIsFilteredByUserObjectOperationAndTimeAndPaged() {
        Instant before = Instant.now();
        for (int i = 0; i < 3; i++) {
            created(api.post("/api/v1/networks", "{\"name\": \"audit-page-" + i + "\"}"));
        }
        Instant after = Instant.now();

        JsonNode first = page("/api/v1/audit?operation=network&object=audit-page&size=2&page=0");
        JsonNode second = page("/api/v1/audit?operation=network&object=audit-page&size=2&page=1");

        assertThat(first.get("total").asLong()).isEqualTo(3);
        assertThat(first.get("entries")).hasSize(2);
        assertThat(first.get("entries").get(0).get("objectName").asString()).isEqualTo("audit-page-2");
        assertThat(second.get("entries")).hasSize(1);
        assertThat(second.get("entries").get(0).get("objectName").asString()).isEqualTo("audit-page-0");
        assertThat(page("/api/v1/audit?user=" + Api.ADMIN.toUpperCase() + "&object=audit-page").get("total").asLong()).isEqualTo(3);
        assertThat(page("/api/v1/audit?user=alice&object=audit-page").get("total").asLong()).isZero();
        assertThat(page("/api/v1/audit?object=audit-page&from=" + after).get("total").asLong()).isZero();
        assertThat(page("/api/v1/audit?object=audit-page&from=" + before + "&to=" + after).get("total").asLong()).isEqualTo(3);
        assertThat(page("/api/v1/audit?object=audit-page&operation=vm").get("total").asLong()).isZero();
        Api.Response badTime = api.get("/api/v1/audit?from=yesterday");
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.body().get("field").asString()).isEqualTo("from");
    }

    @Test
    void theCsvExportHasAHeaderAndQuotesFieldsWithCommasQuotesAndLineBreaks() {
        created(api.post("/api/v1/networks", "{\"name\": \"audit-csv\", \"description\": \"one, \\\"two\\\"\\nthree\"}"));

        var csv = api.download("/api/v1/audit.csv?object=audit-csv");
        var same = api.download("/api/v1/audit?format=csv&object=audit-csv");

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).isEqualTo(same.body());
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("time,user,address,operation,object_type,object_id,object_name,outcome,error_code,error_message,parameters");
        assertThat(csv.body()).contains(",network.create,network,").contains(",audit-csv,SUCCESS,,,\"{");
        assertThat(csv.body()).contains("one, \\\"\"two\\\"\"\\nthree");
    }

    private JsonNode only(String path) {
        JsonNode entries = page(path).get("entries");
        assertThat(entries).as(path).hasSize(1);
        return entries.get(0);
    }

    private JsonNode page(String path) {
        Api.Response r = api.get(path);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body();
    }

    private static JsonNode created(Api.Response r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body();
    }

    private static void ok(Api.Response r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
    }

    private static String accepted(Api.Response r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        return r.body().get("id").asString();
    }

    private void awaitTask(String id) {
        Await.until("task " + id + " ends and is audited", () -> {
            String status = api.get("/api/v1/tasks/" + id).body().get("status").asString();
            return !status.equals("PENDING") && !status.equals("RUNNING")
                    && page("/api/v1/audit?size=500").get("entries").findValues("parameters").stream()
                    .anyMatch(p -> p.asString().contains(id) && !p.asString().contains("\"task\":\"" + id + "\",") );
        });
    }
}
