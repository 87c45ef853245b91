package org.xensv.toolstack.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client for the REST API over real HTTP, for tests. It signs in with HTTP Basic as the test
 * admin (created from {@code xensv.security.admin.*} in the test properties), or as any user given.
 */
public final class Api {

    /** The test contexts' first admin (src/test/resources/application.properties). */
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";

    public record Response(int status, JsonNode body, String raw) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String authorization;

    /** A client signed in as the test admin. */
    public Api(int port) {
        this(port, ADMIN, ADMIN_PASSWORD);
    }

    /** A client signed in as this user (null user: anonymous). */
    public Api(int port, String user, String password) {
        this(port, user == null ? null : "Basic " + java.util.Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private Api(int port, String authorization) {
        this.base = "http://127.0.0.1:" + port;
        this.authorization = authorization;
    }

    /** An anonymous client (no credentials). */
    public static Api anonymous(int port) {
        return new Api(port, null);
    }

    /** A client that sends this Authorization header value ("Bearer ..."). */
    public static Api withAuthorization(int port, String authorization) {
        return new Api(port, authorization);
    }

    public Response patch(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json == null ? "" : json)));
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json)));
    }

    /** Posts a body as is (a config file), with its content type. */
    public Response postText(String path, String contentType, String text) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(text)));
    }

    /** A GET whose headers matter (downloads). */
    public HttpResponse<String> download(String path) {
        try {
            return http.send(signed(HttpRequest.newBuilder(URI.create(base + path)).GET()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public Response put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json == null ? "" : json)));
    }

    /** A PUT that says which version of the object it edits (an {@code If-Match} header). */
    public Response put(String path, String json, String ifMatch) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("If-Match", ifMatch)
                .PUT(HttpRequest.BodyPublishers.ofString(json == null ? "" : json)));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(signed(request).build(), HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            JsonNode body = raw == null || raw.isBlank() || !raw.trim().startsWith("{") && !raw.trim().startsWith("[")
                    ? JSON.nullNode() : JSON.readTree(raw);
            return new Response(response.statusCode(), body, raw);
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Adds this client's credentials to a request (also for tests that build their own, as multipart uploads). */
    public HttpRequest.Builder signed(HttpRequest.Builder request) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }
}
