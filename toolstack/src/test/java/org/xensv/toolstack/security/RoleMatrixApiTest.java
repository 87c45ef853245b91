package org.xensv.toolstack.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every change the API offers, tried by each role: the {@link Action} table decides, and a refusal is a
 * 403 problem naming the role needed. Requests point at objects that do not exist, so an allowed call
 * fails later (400, 404, 409) and the matrix changes nothing.
 */
// the toolstack tests' shared context (each context claims its hosts' memory from one process budget)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleMatrixApiTest {

    static final String PASSWORD = "a-long-enough-password";
    static final String X = UUID.randomUUID().toString();

    record Call(String method, String path, String body, Action action) {
    }

    static final List<Call> CALLS = List.of(
            new Call("POST", "/api/v1/vms/" + X + "/start", null, Action.VM_POWER),
            new Call("POST", "/api/v1/vms/" + X + "/clean-shutdown", null, Action.VM_POWER),
            new Call("DELETE", "/api/v1/vms/" + X, null, Action.VM_DESTROY),
            new Call("POST", "/api/v1/vms", "{}", Action.VM_CREATE),
            new Call("POST", "/api/v1/templates/" + X + "/instantiate", "{}", Action.VM_CREATE),
            new Call("POST", "/api/v1/vms/" + X + "/migrate", "{}", Action.VM_MIGRATE),
            new Call("POST", "/api/v1/vms/migrate", "{}", Action.VM_MIGRATE),
            new Call("POST", "/api/v1/vms/" + X + "/vifs", "{}", Action.VM_DEVICES),
            new Call("DELETE", "/api/v1/vms/" + X + "/vbds/" + X, null, Action.VM_DEVICES),
            new Call("PUT", "/api/v1/vms/" + X + "/tags/web", null, Action.VM_TAGS),
            new Call("POST", "/api/v1/vms/bulk", "{\"action\":\"start\",\"vmIds\":[\"" + X + "\"]}", Action.VM_POWER),
            new Call("POST", "/api/v1/vms/bulk", "{\"action\":\"tag\",\"tag\":\"web\",\"vmIds\":[\"" + X + "\"]}", Action.VM_TAGS),
            new Call("POST_TEXT", "/api/v1/vms/" + X + "/console", "uptime\n", Action.VM_CONSOLE),
            new Call("POST", "/api/v1/tasks/" + X + "/cancel", null, Action.TASK_CANCEL),
            new Call("PUT", "/api/v1/vms/" + X + "/qos", "{}", Action.VM_QOS),
            new Call("PUT", "/api/v1/vms/" + X + "/ha", "{}", Action.VM_HA),
            new Call("PUT", "/api/v1/pools/" + X + "/ha", "{}", Action.POOL_MANAGE),
            new Call("POST", "/api/v1/vms/" + X + "/template", null, Action.TEMPLATE_CREATE),
            new Call("POST", "/api/v1/hosts", "{}", Action.HOST_MANAGE),
            new Call("DELETE", "/api/v1/hosts/" + X, null, Action.HOST_MANAGE),
            new Call("POST", "/api/v1/hosts/" + X + "/maintenance", "{}", Action.HOST_MAINTENANCE),
            new Call("POST", "/api/v1/pools", "{}", Action.POOL_MANAGE),
            new Call("POST", "/api/v1/networks", "{}", Action.NETWORK_MANAGE),
            new Call("DELETE", "/api/v1/networks/" + X, null, Action.NETWORK_MANAGE),
            new Call("POST", "/api/v1/srs", "{}", Action.STORAGE_MANAGE),
            new Call("POST", "/api/v1/images", "{}", Action.STORAGE_MANAGE),
            new Call("POST", "/api/v1/qos-policies", "{}", Action.QOS_POLICY_MANAGE),
            new Call("PUT", "/api/v1/hosts/" + X + "/tags/rack1", null, Action.INFRASTRUCTURE_TAGS),
            new Call("POST", "/api/v1/users", "{}", Action.USER_MANAGE),
            new Call("POST", "/api/v1/filters", "{}", Action.FILTER_SAVE),
            new Call("DELETE", "/api/v1/filters/" + X, null, Action.FILTER_SAVE),
            new Call("GET", "/api/v1/users", null, Action.USER_MANAGE));

    @LocalServerPort
    int port;

    @BeforeAll
    void createOneUserPerRole() {
        Api admin = new Api(port);
        for (Role role : List.of(Role.OPERATOR, Role.READ_ONLY)) {
            Api.Response created = admin.post("/api/v1/users",
                    "{\"username\":\"" + name(role) + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + role + "\"}");
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
        }
    }

    static Stream<Arguments> everyRoleAgainstEveryCall() {
        return Stream.of(Role.values()).flatMap(role -> CALLS.stream().map(call -> Arguments.of(role, call)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyRoleAgainstEveryCall")
    void eachRoleMayDoExactlyWhatTheTableSays(Role role, Call call) {
        Api.Response r = send(as(role), call);
        if (call.action().allowedTo(role)) {
            assertThat(r.status()).as(r.raw()).isNotIn(401, 403);
        } else {
            assertThat(r.status()).as(r.raw()).isEqualTo(403);
            assertThat(r.body().get("code").asString()).isEqualTo("FORBIDDEN");
            assertThat(r.body().get("detail").asString()).contains("needs the " + call.action().lowestRole().label() + " role");
        }
    }

    @Test
    void theMatrixCoversEveryAction() {
        Set<Action> covered = EnumSet.noneOf(Action.class);
        CALLS.forEach(c -> covered.add(c.action()));
        assertThat(covered).containsExactlyInAnyOrder(Action.values());
    }

    @Test
    void anOperatorCannotCreateANetworkButCanStartAVm() {
        assertThat(as(Role.OPERATOR).post("/api/v1/networks", "{\"name\":\"n1\"}").status()).isEqualTo(403);
        assertThat(as(Role.OPERATOR).post("/api/v1/vms/" + X + "/start", null).status()).isEqualTo(404);

        var refused = new Api(port).get("/api/v1/audit?user=" + name(Role.OPERATOR)).body().get("entries");
        assertThat(refused.valueStream().filter(e -> e.get("outcome").asString().equals("REFUSED")
                && e.get("operation").asString().equals("network-manage")
                && e.get("errorMessage").asString().contains("needs the admin role")))
                .as("the refusal is in the audit log: %s", refused).isNotEmpty();
    }

    @Test
    void everyRoleReadsTheInventory() {
        for (Role role : Role.values()) {
            for (String path : List.of("/api/v1/vms", "/api/v1/hosts", "/api/v1/networks", "/api/v1/tasks")) {
                assertThat(as(role).get(path).status()).as(role + " " + path).isEqualTo(200);
            }
        }
    }

    @Test
    void anAnonymousRequestGets401AsProblemJson() {
        Api.Response r = Api.anonymous(port).get("/api/v1/vms");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().get("code").asString()).isEqualTo("UNAUTHENTICATED");
        assertThat(r.body().get("detail").asString()).contains("Sign in");
        assertThat(Api.anonymous(port).post("/api/v1/vms", "{}").status()).isEqualTo(401);
    }

    @Test
    void aWrongPasswordGets401() {
        Api.Response r = new Api(port, "admin", "not-the-password").get("/api/v1/vms");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().get("code").asString()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void theOpenApiDocumentIsPublicAndDeclaresTheSchemes() {
        Api.Response r = Api.anonymous(port).get("/api/v1/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("components").get("securitySchemes").has("basic")).isTrue();
    }

    private Api as(Role role) {
        return role == Role.ADMIN ? new Api(port) : new Api(port, name(role), PASSWORD);
    }

    private static String name(Role role) {
        return "matrix-" + role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static Api.Response send(Api api, Call call) {
        return switch (call.method()) {
            case "GET" -> api.get(call.path());
            case "POST" -> api.post(call.path(), call.body());
            case "POST_TEXT" -> api.postText(call.path(), "text/plain", call.body());
            case "PUT" -> api.put(call.path(), call.body());
            case "DELETE" -> api.delete(call.path());
            default -> throw new IllegalArgumentException(call.method());
        };
    }
}
