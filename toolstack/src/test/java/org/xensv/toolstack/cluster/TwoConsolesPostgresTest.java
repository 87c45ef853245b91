package org.xensv.toolstack.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.toolstack.ToolstackTestApplication;
import org.xensv.toolstack.host.HostLeases;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.support.AgentProcess;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;
import org.xensv.toolstack.support.EmbeddedHosts;
import org.xensv.toolstack.support.Postgres;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Two consoles (two Spring applications in this JVM, each with its web server, reconciler, HA monitor
 * and task runner) on one PostgreSQL schema, sharing two host agents in OS processes of their own.
 * Each agent host is reconciled by exactly one console; a change made through one console's API
 * reaches the other's event stream; a domain paused behind both consoles' back is reconciled by its
 * host's console only; a lost host's protected VM is restarted by one HA task; console A's embedded
 * host is refused by console B; and when console A stops, B takes A's agent hosts over. Runs where
 * XENSV_TEST_POSTGRES_URL is set (scripts/test), on a schema of its own.
 */
@EnabledIfEnvironmentVariable(named = "XENSV_TEST_POSTGRES_URL", matches = ".+")
class TwoConsolesPostgresTest {

    /** A safety net, not a measure: losing a host takes a resync round, call deadlines and the timeout. */
    private static final Duration SLOW = Duration.ofMinutes(4);

    String schema;
    ConfigurableApplicationContext consoleA;
    ConfigurableApplicationContext consoleB;
    Api apiA;
    Api apiB;
    AgentProcess agentA;
    AgentProcess agentB;
    String poolId;
    String hostA;
    String hostB;
    final List<String> vms = new ArrayList<>();

    @BeforeEach
    void twoConsolesOnOneSchemaWithTwoAgents() {
        schema = "two_consoles_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        // console A keeps one small embedded host in its process; console B runs none
        consoleA = console("console-a", "--xensv.embedded.hosts=1", "--xensv.embedded.memory-mib=128");
        consoleB = console("console-b", "--xensv.embedded.enabled=false");
        apiA = new Api(port(consoleA));
        apiB = new Api(port(consoleB));
        Api.Response pool = apiA.post("/api/v1/pools", "{\"name\": \"two-consoles\"}");
        assertThat(pool.status()).as(pool.raw()).isEqualTo(201);
        poolId = pool.body().get("id").asString();
        Api.Response ha = apiA.put("/api/v1/pools/" + poolId + "/ha", "{\"hostLostTimeoutSeconds\": 2}");
        assertThat(ha.status()).as(ha.raw()).isEqualTo(200);
        agentA = AgentProcess.start("two-a", 256);
        agentB = AgentProcess.start("two-b", 256);
        hostA = add(apiA, agentA);
        hostB = add(apiB, agentB);
    }

    @AfterEach
    void removeEverything() {
        try {
            Api api = consoleB.isActive() ? apiB : apiA;
            for (String id : vms) {
                var vm = api.get("/api/v1/vms/" + id);
                if (vm.status() == 404) {
                    continue;
                }
                Await.until("VM " + id + " is settled", SLOW, () -> api.get("/api/v1/vms/" + id).body().get("currentOperation").isNull());
                if (!api.get("/api/v1/vms/" + id).body().get("powerState").asString().equals("HALTED")) {
                    api.post("/api/v1/vms/" + id + "/hard-shutdown", null);
                }
                Await.until("VM " + id + " is halted", SLOW, () -> {
                    var now = api.get("/api/v1/vms/" + id).body();
                    return now.get("powerState").asString().equals("HALTED") && now.get("currentOperation").isNull();
                });
                api.delete("/api/v1/vms/" + id);
            }
            api.delete("/api/v1/hosts/" + hostA);
            api.delete("/api/v1/hosts/" + hostB);
        } finally {
            if (consoleA.isActive()) {
                EmbeddedHosts.release(consoleA.getBean(HostService.class));
            }
            consoleA.close();
            consoleB.close();
            agentA.close();
            agentB.close();
            dropSchema();
        }
    }

    @Test
    void eachHostIsServedOnceEventsReachBothConsolesAndTheOtherTakesOverWhenOneStops() throws Exception {
        // every host is served by exactly one console: its rounds all run there
        for (String host : List.of(hostA, hostB)) {
            Await.until("host " + host + " is served", () -> serves(consoleA, host) || serves(consoleB, host));
            assertThat(serves(consoleA, host)).as("served by A").isNotEqualTo(serves(consoleB, host));
            ConfigurableApplicationContext other = serves(consoleA, host) ? consoleB : consoleA;
            assertThat(rounds(other, host)).as("rounds of host %s in the console that does not serve it", host).isZero();
        }

        // a change made through A's API reaches B's event stream, and B's REST answers it
        Queue<String> streamB = new ConcurrentLinkedQueue<>();
        var stream = HttpClient.newHttpClient().sendAsync(apiB.signed(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port(consoleB) + "/api/v1/events")))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.get().statusCode()).isEqualTo(200);
        Stream<String> lines = stream.get().body();
        Thread.ofVirtual().start(() -> {
            try {
                lines.forEach(streamB::add);
            } catch (java.io.UncheckedIOException closed) {
                // the stream ends with console B or with the test
            }
        });
        Await.until("B's stream is open", () -> streamB.stream().anyMatch(line -> line.contains("subscribed")));
        String vm = create(apiA, "two-consoles", hostA, 32, "restart");
        Await.until("B's event stream tells of VM " + vm, () -> streamB.stream().anyMatch(line -> line.contains(vm)));
        assertThat(apiB.get("/api/v1/vms/" + vm).body().get("powerState").asString()).isEqualTo("RUNNING");

        // a domain paused behind both consoles' back: reconciled by its host's console, never by the other
        ConfigurableApplicationContext ownerOfA = serves(consoleA, hostA) ? consoleA : consoleB;
        ConfigurableApplicationContext otherOfA = ownerOfA == consoleA ? consoleB : consoleA;
        double before = rounds(ownerOfA, hostA);
        agentA.direct(connection -> {
            connection.lifecycle().pause(UUID.fromString(vm));
            return null;
        });
        for (Api api : List.of(apiA, apiB)) {
            Await.until("the pause shows in both consoles", () -> api.get("/api/v1/vms/" + vm).body().get("powerState").asString().equals("PAUSED"));
        }
        assertThat(rounds(ownerOfA, hostA)).isGreaterThan(before);
        assertThat(rounds(otherOfA, hostA)).as("rounds of host A in the other console").isZero();
        Api.Response unpause = apiB.post("/api/v1/vms/" + vm + "/unpause", null);
        assertThat(unpause.status()).as(unpause.raw()).isEqualTo(202);
        Await.until("the unpause through B shows in A", () -> apiA.get("/api/v1/vms/" + vm).body().get("powerState").asString().equals("RUNNING"));

        // an embedded host lives in console A's process: B does not reach it, and says where it is served
        String embedded = apiA.get("/api/v1/hosts").body().valueStream()
                .filter(h -> h.get("uri").asString().startsWith("embedded:")).findFirst().orElseThrow().get("id").asString();
        Api.Response refused = apiB.post("/api/v1/vms", """
                {"name": "two-consoles-embedded", "type": "PV", "vcpus": 1, "memoryMiB": 16, "hostId": "%s"}
                """.formatted(embedded));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
        assertThat(refused.raw()).contains("HOST_IN_OTHER_CONSOLE").contains("console-a");
        assertThat(serves(consoleB, embedded)).isFalse();

        // a protected VM on a lost host is restarted once, by the console serving that host
        String protectedVm = create(apiB, "two-consoles-ha", hostB, 32, "restart");
        agentB.kill();
        Await.until("HA restarts the protected VM on agent A", SLOW, () -> {
            var now = apiA.get("/api/v1/vms/" + protectedVm).body();
            return now.get("hostId").asString().equals(hostA) && now.get("powerState").asString().equals("RUNNING")
                    && now.get("currentOperation").isNull();
        });
        JsonNode task = Await.value("the HA task ends", () -> haTasks(hostB).stream().findFirst().orElse(null),
                t -> t != null && !List.of("PENDING", "RUNNING").contains(t.get("status").asString()));
        assertThat(task.get("status").asString()).as(task.toString()).isEqualTo("SUCCESS");
        // both consoles' monitors check every second: the console that does not serve the lost host has had
        // the host-lost timeout (2 s) and more to act on it too, and has not
        Thread.sleep(Duration.ofSeconds(5));
        assertThat(haTasks(hostB)).as("HA tasks for the lost host").hasSize(1);
        assertThat(agentA.domains()).filteredOn(d -> d.uuid().equals(UUID.fromString(protectedVm))).singleElement()
                .extracting(DomainInfo::powerState).isEqualTo(PowerState.RUNNING);

        // console A stops: its session ends with it, and B takes A's agent hosts over
        List<String> servedByA = List.of(hostA, hostB).stream().filter(h -> serves(consoleA, h)).toList();
        EmbeddedHosts.release(consoleA.getBean(HostService.class));
        consoleA.close();
        for (String host : servedByA) {
            Await.until("B takes host " + host + " over", () -> serves(consoleB, host) && rounds(consoleB, host) > 0);
        }
        assertThat(serves(consoleB, embedded)).as("A's embedded host stays A's").isFalse();
        Await.until("B shows A's embedded host gone with A", () -> {
            var host = apiB.get("/api/v1/hosts/" + embedded).body();
            return host.get("connection").asString().equals("DISCONNECTED")
                    && host.get("connectionError").asString().contains("console 'console-a'");
        });
        agentA.direct(connection -> {
            connection.lifecycle().pause(UUID.fromString(vm));
            return null;
        });
        Await.until("B reconciles agent A now", () -> apiB.get("/api/v1/vms/" + vm).body().get("powerState").asString().equals("PAUSED"));
        lines.close();
    }

    private ConfigurableApplicationContext console(String id, String... extra) {
        String url = System.getenv(Postgres.URL_VARIABLE);
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.username=" + System.getenv().getOrDefault("XENSV_TEST_POSTGRES_USER", "postgres"),
                "--spring.datasource.password=" + System.getenv().getOrDefault("XENSV_TEST_POSTGRES_PASSWORD", ""),
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--spring.flyway.schemas=" + schema, "--spring.flyway.default-schema=" + schema, "--spring.flyway.create-schemas=true",
                "--server.port=0", "--xensv.cluster.console-id=" + id, "--xensv.cluster.claim-interval=PT1S"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(ToolstackTestApplication.class).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static boolean serves(ConfigurableApplicationContext console, String hostId) {
        return console.isActive() && console.getBean(HostLeases.class).serves(UUID.fromString(hostId));
    }

    /** The console's reconcile rounds of the host ({@code xensv_reconcile_rounds_total}). */
    private static double rounds(ConfigurableApplicationContext console, String hostId) {
        Counter counter = console.getBean(MeterRegistry.class).find("xensv.reconcile.rounds").tag("host", hostId).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<JsonNode> haTasks(String lostHostId) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode t : apiB.get("/api/v1/tasks?limit=1000").body()) {
            if (t.get("operation").asString().equals("HA_RESTART") && t.get("objectId").asString().equals(lostHostId)) {
                found.add(t);
            }
        }
        return found;
    }

    private String add(Api api, AgentProcess agent) {
        Api.Response added = api.post("/api/v1/hosts", """
                {"poolId": "%s", "name": "%s", "uri": "%s"}
                """.formatted(poolId, agent.name(), agent.uri()));
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        String id = added.body().get("id").asString();
        Await.until("host " + agent.name() + " is connected", SLOW,
                () -> api.get("/api/v1/hosts/" + id).body().get("connection").asString().equals("CONNECTED"));
        return id;
    }

    private String create(Api api, String prefix, String hostId, long memoryMiB, String priority) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "%s", "type": "PV", "vcpus": 1, "memoryMiB": %d, "hostId": "%s", "start": true, "haRestartPriority": "%s"}
                """.formatted(name, memoryMiB, hostId, priority));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("vm").get("id").asString();
        vms.add(id);
        Await.until("VM " + name + " runs", () -> {
            var vm = api.get("/api/v1/vms/" + id).body();
            return vm.get("powerState").asString().equals("RUNNING") && vm.get("currentOperation").isNull();
        });
        return id;
    }

    private void dropSchema() {
        try (var connection = DriverManager.getConnection(System.getenv(Postgres.URL_VARIABLE),
                System.getenv().getOrDefault("XENSV_TEST_POSTGRES_USER", "postgres"),
                System.getenv().getOrDefault("XENSV_TEST_POSTGRES_PASSWORD", ""));
             var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("dropping schema " + schema + ": " + e.getMessage(), e);
        }
    }
}
