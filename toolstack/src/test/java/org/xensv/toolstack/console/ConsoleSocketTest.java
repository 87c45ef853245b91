package org.xensv.toolstack.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

/**
 * The consoles' WebSockets over real HTTP, as a browser's page uses them: the serial terminal of an
 * embedded VM answers what is typed keystroke by keystroke; a socket without a signed-in user, or from
 * a page of another origin, never opens; a read-only user watches the terminal but types nothing and
 * gets no display; the embedded runtime, which has no display, says so when its display is asked for.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleSocketTest {

    private static final String WATCHER = "ws-watcher";
    private static final String PASSWORD = "watcher-password-1";

    @LocalServerPort
    int port;

    Api api;
    String vm;

    @BeforeEach
    void startAVm() {
        api = new Api(port);
        String host = api.get("/api/v1/hosts").body().get(0).get("id").asString();
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "ws-typist", "vcpus": 1, "memoryMiB": 64, "hostId": "%s", "workload": "IDLE",
                 "workloadFillMiB": 8, "workloadWorkingSetMiB": 4, "workloadPagesPerSecond": 100, "start": true}
                """.formatted(host));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        vm = created.body().get("vm").get("id").asString();
        Await.until("ws-typist running", () -> api.get("/api/v1/vms/" + vm).body().get("powerState").asString().equals("RUNNING"));
    }

    @AfterEach
    void removeTheVm() {
        // the hosts of this context are shared with other test classes: leave their memory free
        api.post("/api/v1/vms/" + vm + "/hard-shutdown", null);
        Await.until("halted", () -> api.get("/api/v1/vms/" + vm).body().get("powerState").asString().equals("HALTED"));
        api.delete("/api/v1/vms/" + vm);
    }

    @Test
    void theTerminalShowsTheGuestsAnswerToWhatIsTypedKeyByKey() throws Exception {
        Screen screen = new Screen();
        WebSocket socket = open("serial", basic(Api.ADMIN, Api.ADMIN_PASSWORD), null, screen);
        Await.until("the prompt", () -> screen.text().contains("root@ws-typist:~# "));
        for (String key : new String[] {"u", "n", "a", "m", "e", " ", "-", "x", "\u007f", "a", "\r"}) {
            socket.sendText(key, true).get(10, TimeUnit.SECONDS);
        }
        Await.until("the answer", () -> screen.text().contains("Linux ws-typist 1.0-xensv-embedded #1 SMP x86_64 GNU/Linux"));
        assertThat(screen.text()).contains("uname -x\b \ba\nLinux ws-typist");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);

        var audit = api.get("/api/v1/audit?operation=vm.console-session").raw();
        assertThat(audit).contains(vm).contains("serial");
    }

    @Test
    void aSocketWithoutASignedInUserNeverOpens() {
        assertThatThrownBy(() -> open("serial", null, null, new Screen()))
                .satisfies(e -> assertThat(handshakeStatus(e)).isEqualTo(401));
        assertThatThrownBy(() -> open("vnc", basic(Api.ADMIN, "wrong-password"), null, new Screen()))
                .satisfies(e -> assertThat(handshakeStatus(e)).isEqualTo(401));
    }

    @Test
    void aSocketFromAPageOfAnotherOriginNeverOpensEvenWithTheSessionsCredentials() {
        assertThatThrownBy(() -> open("serial", basic(Api.ADMIN, Api.ADMIN_PASSWORD), "http://evil.example", new Screen()))
                .satisfies(e -> assertThat(handshakeStatus(e)).isEqualTo(403));
        assertThatThrownBy(() -> open("vnc", basic(Api.ADMIN, Api.ADMIN_PASSWORD), "http://localhost:" + (port + 1), new Screen()))
                .satisfies(e -> assertThat(handshakeStatus(e)).isEqualTo(403));
    }

    @Test
    void aReadOnlyUserWatchesTheTerminalButTypesNothingAndGetsNoDisplay() throws Exception {
        Api.Response created = api.post("/api/v1/users",
                "{\"username\":\"" + WATCHER + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"READ_ONLY\"}");
        assertThat(created.status()).as(created.raw()).isIn(201, 409);
        Screen screen = new Screen();
        WebSocket socket = open("serial", basic(WATCHER, PASSWORD), null, screen);
        Await.until("the prompt", () -> screen.text().contains("root@ws-typist:~# "));
        assertThat(screen.text()).startsWith("[xensv: read-only");
        socket.sendText("hostname\r", true).get(10, TimeUnit.SECONDS);
        Thread.sleep(500); // nothing to wait for: the guest must never answer
        assertThat(api.get("/api/v1/vms/" + vm + "/console").raw()).doesNotContain("hostname");

        assertThatThrownBy(() -> open("vnc", basic(WATCHER, PASSWORD), null, new Screen()))
                .satisfies(e -> assertThat(handshakeStatus(e)).isEqualTo(403));
    }

    @Test
    void theDisplayOfAnEmbeddedVmIsClosedSayingTheRuntimeHasNone() throws Exception {
        Screen screen = new Screen();
        open("vnc", basic(Api.ADMIN, Api.ADMIN_PASSWORD), null, screen);
        assertThat(screen.closed.get(20, TimeUnit.SECONDS)).isEqualTo(VncProxy.NO_DISPLAY);
        assertThat(screen.reason).contains("graphical console").contains("embedded");
    }

    private WebSocket open(String console, String authorization, String origin, Screen screen) throws Exception {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        try {
            return builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/vms/" + vm + "/console/" + console), screen)
                    .get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static int handshakeStatus(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
        }
        throw new AssertionError("not a refused handshake", thrown);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** What a socket received, as a terminal would show it, and how it was closed. */
    static final class Screen implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile String reason = "";

        synchronized String text() {
            return text.toString();
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            synchronized (this) {
                text.append(data);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String why) {
            reason = why;
            closed.complete(status);
            return null;
        }
    }
}
