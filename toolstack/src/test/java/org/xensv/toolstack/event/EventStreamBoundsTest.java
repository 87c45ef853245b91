package org.xensv.toolstack.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

/**
 * The server-sent event stream is bounded: at most {@code max-subscribers} streams at once (one
 * more is answered 503 with a problem a client can read), each ending after {@code timeout}, and a
 * stream that ends frees its place.
 */
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xensv.events.max-subscribers=2", "xensv.events.timeout=5s", "xensv.embedded.pool-name=Event bounds pool",
                "xensv.embedded.hosts=1", "xensv.embedded.memory-mib=128"})
class EventStreamBoundsTest {

    @org.junit.jupiter.api.AfterAll
    static void giveTheHostsMemoryBack(@Autowired org.xensv.toolstack.host.HostService hosts) {
        org.xensv.toolstack.support.EmbeddedHosts.release(hosts);
    }

    @LocalServerPort
    int port;
    @Autowired
    EventController events;

    @Test
    void aSubscriberPastTheCapIsRefused503AndTimedOutStreamsFreeTheirPlaces() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<Stream<String>>>> streams = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            streams.add(http.sendAsync(new Api(port).signed(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events")))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines()));
        }
        for (var stream : streams) {
            assertThat(stream.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        Await.until("two streams are open", () -> events.subscribers() == 2);

        Api.Response refused = new Api(port).get("/api/v1/events");

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body().get("code").asString()).isEqualTo("TOO_MANY_SUBSCRIBERS");
        assertThat(refused.body().get("detail").asString()).contains("2 subscribers");
        Await.until("the streams time out and free their places", () -> events.subscribers() == 0);
        for (var stream : streams) {
            try (Stream<String> lines = stream.get().body()) {
                lines.forEach(line -> { }); // the server ended the stream: reading it to its end returns
            }
        }
        var again = http.sendAsync(new Api(port).signed(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events")))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(again.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        again.get().body().close();
    }
}
