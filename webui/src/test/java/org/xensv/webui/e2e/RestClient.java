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

    private HttpResponse<String> send(HttpRequest request) {
        try {
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
