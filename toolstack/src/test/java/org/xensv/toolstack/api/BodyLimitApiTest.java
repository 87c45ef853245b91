package org.xensv.toolstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.xensv.toolstack.support.Api;

/** Request bodies are bounded (1 MiB by default): a larger one is answered 413 with a problem, and nothing is stored. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BodyLimitApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate db;

    @Test
    void aJsonBodyLargerThanTheLimitIsRefused413AndNothingIsCreated() {
        int networks = db.queryForObject("select count(*) from network", Integer.class);

        Api.Response r = new Api(port).post("/api/v1/networks", "{\"name\": \"big\", \"description\": \"" + "x".repeat(1024 * 1024) + "\"}");

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body().get("code").asString()).isEqualTo("BODY_TOO_LARGE");
        assertThat(r.body().get("detail").asString()).isEqualTo("The request body is larger than the limit of 1 MiB; nothing was changed.");
        assertThat(db.queryForObject("select count(*) from network", Integer.class)).isEqualTo(networks);
    }

    @Test
    void aConfigFileLargerThanTheLimitIsRefused413() {
        Api.Response r = new Api(port).postText("/api/v1/vms/import?format=xl", "text/plain", "# " + "y".repeat(2 * 1024 * 1024));

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body().get("field").asString()).isEqualTo("body");
    }

    @Test
    void aBodySentWithoutALengthStopsBeingReadAtTheLimitAndIsRefused413() throws Exception {
        for (String path : new String[] {"/api/v1/networks", "/api/v1/pools"}) {
            byte[] big = ("{\"name\": \"chunked\", \"description\": \"" + "z".repeat(2 * 1024 * 1024) + "\"}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            // a stream of unknown length: sent chunked, with no Content-Length for the filter to check up front
            var request = new Api(port).signed(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path)))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();

            var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(413);
            assertThat(response.body()).contains("\"code\":\"BODY_TOO_LARGE\"");
        }
    }

    @Test
    void aBodyWithinTheLimitIsHandledAsBefore() {
        Api.Response r = new Api(port).post("/api/v1/networks", "{\"name\": \"within-limit\", \"description\": \"" + "x".repeat(100) + "\"}");

        assertThat(r.status()).as(r.raw()).isEqualTo(201);
    }
}
