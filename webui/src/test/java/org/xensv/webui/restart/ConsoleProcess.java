package org.xensv.webui.restart;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console as a child JVM (the same java and classpath as the test) on a data directory of its
 * own, driven through its REST API as an admin's script would.
 */
final class ConsoleProcess {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private int port;
    private int launches;

    ConsoleProcess(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Starts the console and waits until its API answers and its host is connected. */
    void start() throws IOException {
        port = freePort();
        launches++;
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "org.xensv.XensvApplication",
                "--server.port=" + port,
                "--management.server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("xensv")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
                "--xensv.embedded.directory=" + dataDir.resolve("embedded"),
                "--xensv.embedded.hosts=1",
                "--xensv.embedded.pcpus=2",
                "--xensv.embedded.memory-mib=2048",
                "--vaadin.launch-browser=false"));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("console-" + launches + ".log").toFile())
                .start();
        awaitValue("the console answers on port " + port + " (log: " + log() + ")", () -> {
            JsonNode hosts = getOrNull("/hosts");
            return hosts != null && hosts.size() > 0 && hosts.get(0).path("connection").asString().equals("CONNECTED") ? hosts : null;
        });
    }

    /** SIGTERM, as Ctrl-C or a service manager stops it; waits for the process to end. */
    int stopCleanly() throws InterruptedException {
        process.destroy();
        return waitForExit();
    }

    /** SIGKILL: no shutdown hook runs, nothing is saved. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        return waitForExit();
    }

    /** Kills the console if it still runs (a test that failed half-way). */
    void killQuietly() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private int waitForExit() throws InterruptedException {
        if (!process.waitFor(java.util.concurrent.TimeUnit.MINUTES.toMillis(3), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the console did not stop within 3 minutes (log: " + log() + ")");
        }
        return process.exitValue();
    }

    Path log() {
        return dataDir.resolve("console-" + launches + ".log");
    }

    JsonNode get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET().build());
        expect(200, response);
        return JSON.readTree(response.body());
    }

    JsonNode post(String path, String body, int status) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
        expect(status, response);
        return JSON.readTree(response.body());
    }

    /** Polls until the supplier gives a value (not null); gives up after a generous three minutes. */
    static <T> T awaitValue(String what, java.util.function.Supplier<T> supplier) {
        long giveUp = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            T value = supplier.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("gave up waiting for: " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private JsonNode getOrNull(String path) {
        if (!process.isAlive()) {
            throw new AssertionError("the console exited with " + process.exitValue() + " (log: " + log() + ")");
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + "/api/v1" + path);
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
                    + response.statusCode() + ", expected " + status + ": " + response.body());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
