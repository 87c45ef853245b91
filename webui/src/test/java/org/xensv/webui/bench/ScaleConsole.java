package org.xensv.webui.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A console started by the README's run command ({@code bash scripts/run})
 * from the repository root, on a database and host directory of its own, with the environment the
 * scale benchmark needs; talked to through the REST API with an API token (as a script would: HTTP
 * Basic pays a password hash on every request). {@link #close} ends the whole process tree.
 */
final class ScaleConsole implements AutoCloseable {

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "scale-benchmark-password";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** What the console logs when its start-up warm-up has drawn the first view (StartupWarmUp). */
    private static final String WARMED_UP = "Warmed up the console's first view";

    final int port;
    final Path directory;
    final Path log;
    private final Path root;
    private final Map<String, String> environment;
    private Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String bearer;

    private ScaleConsole(int port, Path directory, Path log, Path root, Map<String, String> environment) {
        this.port = port;
        this.directory = directory;
        this.log = log;
        this.root = root;
        this.environment = Map.copyOf(environment);
    }

    static ScaleConsole start(Path root, Map<String, String> environment) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("xensv-scale-");
        ScaleConsole console = new ScaleConsole(port, dir, dir.resolve("console.log"), root, environment);
        Runtime.getRuntime().addShutdownHook(new Thread(console::close));
        console.launch();
        return console;
    }

    /**
     * Stops the console as Ctrl-C does (its running VMs suspended), starts it again on the same
     * database and port, and waits until it answers and its start-up warm-up has run (its log says so).
     */
    void restart() throws IOException, InterruptedException {
        stop(Duration.ofMinutes(5));
        long logged = Files.readString(log).lines().filter(l -> l.contains(WARMED_UP)).count();
        launch();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (Files.readString(log).lines().filter(l -> l.contains(WARMED_UP)).count() == logged) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the restarted console did not log its warm-up within 5 minutes; see " + log);
            }
            Thread.sleep(500);
        }
    }

    /** Starts the console (the README's run command), output appended to its log, and waits until its API answers. */
    private void launch() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "scripts/run")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("XENSV_ADMIN_USERNAME", ADMIN);
        builder.environment().put("XENSV_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().put("SPRING_DATASOURCE_URL", "jdbc:h2:file:" + directory.resolve("xensv")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE");
        builder.environment().put("XENSV_EMBEDDED_DIRECTORY", directory.resolve("embedded").toString());
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("the console exited before it answered; see " + log);
            }
            try {
                HttpResponse<String> token = http.send(HttpRequest.newBuilder(uri("/api/v1/tokens"))
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes()))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"scale-benchmark\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (token.statusCode() == 201 || token.statusCode() == 200) {
                    bearer = "Bearer " + JSON.readTree(token.body()).get("secret").asString();
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the console did not answer within 10 minutes; see " + log);
            }
            Thread.sleep(500);
        }
    }

    String base() {
        return "http://localhost:" + port;
    }

    /** A GET's answer and its X-Total-Count. */
    record Answer(JsonNode body, long total) {
    }

    Answer get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", bearer).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return new Answer(JSON.readTree(r.body()), r.headers().firstValueAsLong("X-Total-Count").orElse(-1));
    }

    /**
     * A GET's time to its last byte, the body read and dropped (no decoding, no parsing: what is
     * timed is the console's answer and the wire, not this program's handling of it).
     */
    long timeGet(String path) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", bearer).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream body = r.body()) {
            body.transferTo(java.io.OutputStream.nullOutputStream());
        }
        long nanos = System.nanoTime() - t0;
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode());
        }
        return nanos;
    }

    /**
     * Runs this program's own HTTP client over a large answer a few times, from a server of its own
     * (never the console), so that the first timed call to the console does not also time the
     * client's first run: a user's curl is not a JVM compiling its HTTP code.
     */
    void warmClient(int bytes) throws IOException, InterruptedException {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        byte[] answer = new byte[bytes];
        java.util.Arrays.fill(answer, (byte) 'x');
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, answer.length);
            try (java.io.OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        try {
            for (int i = 0; i < 20; i++) {
                HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + server.getAddress().getPort() + "/")).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                try (java.io.InputStream body = r.body()) {
                    body.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
        } finally {
            server.stop(0);
        }
    }

    JsonNode post(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IOException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    String text(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", bearer).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    JsonNode awaitTask(String id) throws IOException, InterruptedException {
        while (true) {
            JsonNode task = get("/api/v1/tasks/" + id).body();
            String status = task.get("status").asString();
            if (!status.equals("PENDING") && !status.equals("RUNNING")) {
                return task;
            }
            Thread.sleep(50);
        }
    }

    /** The console's own JVM: the script's process once the build is done and it has exec'd {@code java -jar}. */
    Optional<ProcessHandle> application() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()), process.descendants())
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    private void stop(Duration patience) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception stillAlive) {
                p.destroyForcibly();
            }
        }
    }
}
