package org.xensv.webui.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The REST API as another client (a script, another admin) would use it while the console is open. */
final class RestClient {

    /** The admin every test console starts with (src/test/resources/config/application.properties). */
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "test-admin-password";

    private static final Pattern FIRST_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    RestClient(int port) {
        this.base = "http://localhost:" + port + "/api/v1";
    }

    /** Creates a 256 MiB idle VM, placed by the toolstack, and returns its id. */
    String createVm(String name, boolean start) {
        return createVm(name, start, 256, null);
    }

    /** Creates an idle VM of this size on this host (null: placed by the toolstack) and returns its id. */
    String createVm(String name, boolean start, long memoryMiB, String hostId) {
        return createVm(name, start, memoryMiB, hostId, "IDLE");
    }

    /** Creates a VM running this guest workload (IDLE, WEB, DATABASE, STREAMER) and returns its id. */
    String createVm(String name, boolean start, long memoryMiB, String hostId, String workload) {
        String body = "{\"name\":\"" + name + "\",\"vcpus\":1,\"memoryMiB\":" + memoryMiB
                + ",\"type\":\"PV\",\"workload\":\"" + workload + "\",\"start\":" + start
                + (hostId == null ? "" : ",\"hostId\":\"" + hostId + "\"") + "}";
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/vms"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        expect(201, response);
        return firstId(response.body());
    }

    /** The id of the first host the API lists. */
    String firstHostId() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/hosts")).GET().build());
        expect(200, response);
        return firstId(response.body());
    }

    private static String firstId(String json) {
        Matcher m = FIRST_ID.matcher(json);
        if (!m.find()) {
            throw new AssertionError("no id in " + json);
        }
        return m.group(1);
    }

    void operate(String vmId, String operation) {
        expect(202, send(HttpRequest.newBuilder(URI.create(base + "/vms/" + vmId + "/" + operation))
                .POST(HttpRequest.BodyPublishers.noBody()).build()));
    }

    /** Creates an object with this JSON body (e.g. "/qos-policies") and returns its id. */
    String create(String path, String json) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        expect(201, response);
        return firstId(response.body());
    }

    /** The JSON the API answers a GET with. */
    String get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
        expect(200, response);
        return response.body();
    }

    String vms() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/vms")).GET().build());
        expect(200, response);
        return response.body();
    }

    /** Creates a user (ADMIN, OPERATOR or READ_ONLY) as the test admin. */
    void createUser(String name, String password, String role) {
        expect(201, send(HttpRequest.newBuilder(URI.create(base + "/users"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "\",\"password\":\"" + password
                        + "\",\"role\":\"" + role + "\"}")).build()));
    }

    /** The status of a request made as this user (null: anonymous), with a JSON body if given. */
    HttpResponse<String> as(String user, String password, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.header("Authorization", user == null ? "None" : basic(user, password));
        return send(request.build());
    }

    /** A request signed with an API token. */
    HttpResponse<String> bearer(String token, String method, String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Adds the test admin's HTTP Basic credentials to a request. */
    static HttpRequest.Builder signed(HttpRequest.Builder request) {
        return request.header("Authorization", basic(ADMIN, ADMIN_PASSWORD));
    }

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            if (request.headers().firstValue("Authorization").isEmpty()) {
                HttpRequest.Builder copy = HttpRequest.newBuilder(request, (name, value) -> true);
                request = signed(copy).build();
            }
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new AssertionError(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
    }
}
