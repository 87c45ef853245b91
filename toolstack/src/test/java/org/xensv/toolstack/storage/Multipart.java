package org.xensv.toolstack.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.xensv.toolstack.support.Api;

/** Posts a multipart form with one file over real HTTP, for the upload tests. */
final class Multipart {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Multipart() {
    }

    static Api.Response upload(int port, Map<String, String> fields, String fileName, byte[] content) {
        String boundary = "xensv-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            for (var field : fields.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                        + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(content);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpRequest request = new Api(port).signed(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/images/upload")))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            JsonNode json = raw == null || !raw.trim().startsWith("{") ? JSON.nullNode() : JSON.readTree(raw);
            return new Api.Response(response.statusCode(), json, raw);
        } catch (IOException e) {
            throw new AssertionError("upload failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
