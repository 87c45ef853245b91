package org.xensv.toolstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.xensv.toolstack.ToolstackTestApplication;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

import tools.jackson.databind.node.StringNode;

/**
 * Garbage thrown at every JSON endpoint of the API, found by enumerating the controllers' mappings
 * that read a request body: random JSON of every type in the body's fields and elsewhere, huge
 * numbers, unicode, broken and deeply nested JSON. The API never answers 5xx, never shows a stack
 * trace, and a refused request changes no record of the inventory.
 */
class ApiFuzzTest {

    /** Columns that follow what the hosts report (the reconciler's), not what a request asked for. */
    private static final Set<String> OBSERVED = Set.of("version", "connection", "connection_error", "free_memory_mib",
            "hypervisor", "cpu_model", "pcpus", "power_state", "state_unknown", "current_operation", "last_event",
            "last_event_at", "restore_state", "plugged");
    private static final List<String> INVENTORY = List.of("pool", "host", "vm", "network", "vif", "qos_policy",
            "storage_repository", "image", "vbd", "tag");
    private static final Pattern VARIABLE = Pattern.compile("\\{([a-zA-Z]+)(:[^}]*)?}");

    private static ConfigurableApplicationContext context;
    private static Api api;
    private static JdbcTemplate db;
    private static List<Endpoint> endpoints;
    private static Map<String, String> fixtures;

    record Endpoint(String method, String pattern, List<String> fields) {

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    @BeforeContainer
    static void startTheToolstack() {
        context = new SpringApplicationBuilder(ToolstackTestApplication.class).run("--server.port=0",
                "--xensv.embedded.pool-name=Fuzz pool", "--xensv.embedded.hosts=1", "--xensv.embedded.memory-mib=256", "--xensv.embedded.host-prefix=fz" + ThreadLocalRandom.current().nextInt(1000, 9999) + "-h");
        api = new Api(((WebServerApplicationContext) context).getWebServer().getPort());
        db = context.getBean(JdbcTemplate.class);
        endpoints = jsonEndpoints(context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class));
        fixtures = fixtures();
    }

    @AfterContainer
    static void stopTheToolstack() {
        if (context != null) {
            List<String> hosts = new ArrayList<>();
            api.get("/api/v1/hosts").body().forEach(h -> hosts.add(h.get("name").asString()));
            context.close();
            hosts.forEach(org.xensv.hypervisor.embedded.EmbeddedRuntime::remove); // their memory back to the process budget
        }
    }

    @Example
    void everyEndpointThatReadsJsonIsFound() {
        assertThat(endpoints).extracting(Endpoint::toString).contains("POST /api/v1/vms", "PUT /api/v1/networks/{id}",
                "POST /api/v1/qos-policies", "POST /api/v1/vms/{id}/migrate", "POST /api/v1/hosts", "PUT /api/v1/vms/{id}/qos",
                "POST /api/v1/vms/import?format=xl", "POST /api/v1/templates/{id}/instantiate", "POST /api/v1/images");
        assertThat(endpoints).hasSizeGreaterThan(20);
    }

    @Example
    void everyEndpointRefusesTheClassicGarbageWithoutA5xxOrAChange() {
        for (Endpoint endpoint : endpoints) {
            List<String> bodies = new ArrayList<>(List.of("", "null", "[]", "\"\"", "{", "{\"a\":", "}{", "\u0000", "\"\\uD800\"",
                    "[".repeat(100_000), "{\"a\":".repeat(5_000), "1e999999", "-99999999999999999999999999999999",
                    "{\"name\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}"));
            for (String field : endpoint.fields()) {
                for (String wrong : List.of("\"\\u202E\uD83D\uDE00\"", "1e400", "-1", "99999999999999999999", "[]", "{}", "true", "\"\"",
                        "\"" + "9".repeat(400) + "\"")) {
                    bodies.add("{\"" + field + "\": " + wrong + "}");
                }
            }
            for (String body : bodies) {
                probe(endpoint, body);
            }
        }
    }

    @Property(tries = 400)
    void randomGarbageAtAnyEndpointIsNeverA5xxNorAStackTraceAndARefusalChangesNothing(@ForAll("requests") Request request) {
        probe(request.endpoint(), request.body());
    }

    record Request(Endpoint endpoint, String body) {
    }

    @Provide
    Arbitrary<Request> requests() {
        return Arbitraries.of(endpoints).flatMap(endpoint -> body(endpoint).map(body -> new Request(endpoint, body)));
    }

    private static void probe(Endpoint endpoint, String body) {
        String path = concrete(endpoint.pattern());
        Map<String, List<String>> before = snapshot();
        Api.Response response = endpoint.method().equals("PUT") ? api.put(path, body) : api.post(path, body);
        String shown = endpoint + " " + (body.length() > 200 ? body.substring(0, 200) + "…" : body) + " -> " + response.status()
                + " " + response.raw();
        assertThat(response.status()).as(shown).isLessThan(500);
        assertThat(response.raw() == null ? "" : response.raw()).as(shown)
                .doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("java.lang").doesNotContain("org.springframework");
        if (response.status() >= 400) {
            assertThat(snapshot()).as("the inventory after a refused " + shown).isEqualTo(before);
        } else {
            settle();
        }
    }

    /** After an accepted request: its tasks end before the next probe takes its snapshot. */
    private static void settle() {
        Await.until("tasks settle", () -> db.queryForObject("select count(*) from task where status in ('PENDING', 'RUNNING')",
                Integer.class) == 0);
    }

    private static Arbitrary<String> body(Endpoint endpoint) {
        Arbitrary<String> key = endpoint.fields().isEmpty() ? Arbitraries.strings().ofMaxLength(8)
                : Arbitraries.oneOf(Arbitraries.of(endpoint.fields()), Arbitraries.strings().ofMaxLength(8));
        Arbitrary<String> objects = Combinators.combine(key, json(3, key)).as((k, v) -> quote(k) + ":" + v)
                .list().ofMaxSize(6).map(members -> "{" + String.join(",", members) + "}");
        Arbitrary<String> nested = Combinators.combine(Arbitraries.integers().between(1, 3000), Arbitraries.of("[", "{\"a\":"))
                .as((n, open) -> open.repeat(n));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, objects),
                net.jqwik.api.Tuple.of(2, json(3, key)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(60)),
                net.jqwik.api.Tuple.of(1, nested));
    }

    private static Arbitrary<String> json(int depth, Arbitrary<String> key) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(ApiFuzzTest::quote),
                Arbitraries.of("null", "true", "false", "0", "-0", "1e400", "-1e400", "99999999999999999999999999",
                        "-9223372036854775809", "2147483648", "3.5", "NaN", "\"\\uD800\"", "\"\\u0000\"", "\"\uD83D\uDE00\u202E\"",
                        "\"2026-13-45T99:99:99Z\"", "\"00000000-0000-0000-0000-000000000000\"", "\"" + UUID.randomUUID() + "\""),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> inner = Arbitraries.lazy(() -> json(depth - 1, key));
        Arbitrary<String> array = inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> object = Combinators.combine(key, inner).as((k, v) -> quote(k) + ":" + v).list().ofMaxSize(4)
                .map(members -> "{" + String.join(",", members) + "}");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, scalar), net.jqwik.api.Tuple.of(1, array), net.jqwik.api.Tuple.of(1, object));
    }

    private static String quote(String s) {
        return StringNode.valueOf(s).toString();
    }

    /** The inventory's rows, without the columns that follow the hosts' reports. */
    private static Map<String, List<String>> snapshot() {
        Map<String, List<String>> tables = new TreeMap<>();
        for (String table : INVENTORY) {
            List<String> rows = new ArrayList<>();
            for (Map<String, Object> row : db.queryForList("select * from " + table)) {
                Map<String, Object> kept = new TreeMap<>();
                row.forEach((column, value) -> {
                    if (!OBSERVED.contains(column.toLowerCase())) {
                        kept.put(column.toLowerCase(), value);
                    }
                });
                rows.add(kept.toString());
            }
            rows.sort(Comparator.naturalOrder());
            tables.put(table, rows);
        }
        return tables;
    }

    /** Every POST and PUT under /api/v1 that reads its request body, with the body's field names (a record's components). */
    private static List<Endpoint> jsonEndpoints(RequestMappingHandlerMapping mapping) {
        List<Endpoint> found = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
            HandlerMethod handler = e.getValue();
            Class<?> bodyType = null;
            for (var parameter : handler.getMethodParameters()) {
                if (parameter.hasParameterAnnotation(RequestBody.class)) {
                    bodyType = parameter.getParameterType();
                }
            }
            if (bodyType == null) {
                continue;
            }
            List<String> fields = new ArrayList<>();
            if (bodyType.isRecord()) {
                for (RecordComponent component : bodyType.getRecordComponents()) {
                    fields.add(component.getName());
                }
            }
            for (RequestMethod method : e.getKey().getMethodsCondition().getMethods()) {
                for (String pattern : e.getKey().getPathPatternsCondition().getPatternValues()) {
                    if (pattern.startsWith("/api/v1") && (method == RequestMethod.POST || method == RequestMethod.PUT)) {
                        found.add(new Endpoint(method.name(), pattern, fields));
                    }
                }
            }
        }
        // the config import reads its body itself (a file, not JSON): garbage goes to the parsers through it too
        found.add(new Endpoint("POST", "/api/v1/vms/import?format=xl", List.of()));
        found.add(new Endpoint("POST", "/api/v1/vms/import?format=libvirt", List.of()));
        found.sort(Comparator.comparing(Endpoint::toString));
        return found;
    }

    /** The path with each variable naming a fixture of its kind (or a random id where there is none). */
    private static String concrete(String pattern) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String kind = name.equals("id") ? pattern.substring("/api/v1/".length(), m.start() - 1) : name;
            m.appendReplacement(out, Matcher.quoteReplacement(fixtures.getOrDefault(kind, UUID.randomUUID().toString())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> fixtures() {
        Map<String, String> ids = new TreeMap<>();
        var host = api.get("/api/v1/hosts").body().get(0);
        ids.put("hosts", host.get("id").asString());
        ids.put("hostId", host.get("id").asString());
        ids.put("pools", host.get("poolId").asString());
        String vm = api.post("/api/v1/vms", "{\"name\": \"fuzz-vm\", \"type\": \"PV\", \"vcpus\": 1, \"memoryMiB\": 64, \"hostId\": \""
                + host.get("id").asString() + "\"}").body().get("vm").get("id").asString();
        ids.put("vms", vm);
        ids.put("vmId", vm);
        String template = api.post("/api/v1/vms", "{\"name\": \"fuzz-template\", \"type\": \"PV\", \"vcpus\": 1, \"memoryMiB\": 64}")
                .body().get("vm").get("id").asString();
        api.post("/api/v1/vms/" + template + "/template", null);
        ids.put("templates", template);
        ids.put("networks", api.post("/api/v1/networks", "{\"name\": \"fuzz-net\", \"vlan\": 77}").body().get("id").asString());
        ids.put("qos-policies", api.post("/api/v1/qos-policies", "{\"name\": \"fuzz-qos\"}").body().get("id").asString());
        String sr = api.get("/api/v1/srs").body().get(0).get("id").asString();
        ids.put("srs", sr);
        String image = api.post("/api/v1/images", "{\"srId\": \"" + sr + "\", \"name\": \"fuzz-disk\", \"sizeMiB\": 8}").body().get("id").asString();
        ids.put("images", image);
        ids.put("vifId", api.post("/api/v1/vms/" + vm + "/vifs", "{\"networkId\": \"" + ids.get("networks") + "\"}").body().path("id").asString());
        ids.put("vbdId", api.post("/api/v1/vms/" + vm + "/vbds", "{\"imageId\": \"" + image + "\"}").body().path("id").asString());
        ids.put("operation", "pause");
        ids.put("tag", "fuzz");
        settle();
        return ids;
    }
}
