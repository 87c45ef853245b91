package org.xensv.hypervisor.bench;

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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The console as a user starts it: the README's run command ({@code bash scripts/run}: the production jar,
 * built first) from the repository root as a child process, default heap, with only what must
 * not clash overridden: {@code PORT} (a free one), {@code SPRING_DATASOURCE_URL} (an H2 file in a
 * temporary directory) and {@code XENSV_EMBEDDED_DIRECTORY} (the embedded hosts' files, in the same directory). Talks to it through the REST API. {@link #close} ends the whole process
 * tree, also when the benchmark itself is stopped.
 */
final class ChildConsole implements AutoCloseable {

    /** The child console's first admin, from its environment (a fresh data directory has no user). */
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "benchmark-admin-password";
    private static final String AUTHORIZATION = "Basic " + java.util.Base64.getEncoder().encodeToString(
            (ADMIN + ":" + ADMIN_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);

    final int port;
    final Path directory;
    final Path log;
    /** From the command's start to the API answering with two connected hosts (build check included). */
    Duration startup;
    private final Process process;
    private final Thread reaper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ChildConsole(int port, Path directory, Path log, Process process) {
        this.port = port;
        this.directory = directory;
        this.log = log;
        this.process = process;
        this.reaper = new Thread(this::destroyTree, "console-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    static ChildConsole start(Path root) throws IOException, InterruptedException {
        int port = freePort();
        Path dir = Files.createTempDirectory("xensv-consolebench-");
        Path log = dir.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder("bash", "scripts/run")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("XENSV_ADMIN_USERNAME", ADMIN);
        builder.environment().put("XENSV_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().put("SPRING_DATASOURCE_URL", "jdbc:h2:file:" + dir.resolve("xensv")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE");
        // the embedded hosts' files (disk and suspend images) beside that database, not in another console's ./data
        builder.environment().put("XENSV_EMBEDDED_DIRECTORY", dir.resolve("embedded").toString());
        long t0 = System.nanoTime();
        ChildConsole console = new ChildConsole(port, dir, log, builder.start());
        try {
            console.awaitUp();
        } catch (IOException | RuntimeException | InterruptedException e) {
            console.close();
            throw e;
        }
        console.startup = Duration.ofNanos(System.nanoTime() - t0);
        return console;
    }

    private void awaitUp() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the console exited with " + process.exitValue() + " before it answered; see " + log);
            }
            try {
                List<Object> hosts = list(get("/api/v1/hosts"));
                if (hosts.stream().filter(h -> "CONNECTED".equals(Json.string(h, "connection"))).count() >= 2) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet, or still starting
            }
            Thread.sleep(500);
        }
        throw new IOException("the console did not answer on port " + port + " within " + START_TIMEOUT.toMinutes() + " min; see " + log);
    }

    Object get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    Object post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Object delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
    }

    String text(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", AUTHORIZATION).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IOException(r.request().method() + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Polls {@code GET path} until {@code done} holds for the answer; the last answer. */
    Object await(String what, String path, Predicate<Object> done, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new IOException(what + ": not within " + timeout.toSeconds() + " s (last answer " + last + ")");
    }

    /**
     * A task until it has finished (success, failure or cancelled), waited on as a script would:
     * requests that the console holds until the task finishes ({@code ?waitSeconds=}), not a poll
     * every 100 ms, each of which the console would answer on the CPUs the task runs on.
     */
    Object awaitTask(Object task, Duration timeout) throws IOException, InterruptedException {
        String id = Json.string(task, "id");
        return await("task " + Json.string(task, "name"), "/api/v1/tasks/" + id + "?waitSeconds=60",
                t -> List.of("SUCCESS", "FAILURE", "CANCELLED").contains(Json.string(t, "status")), timeout);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object json) {
        return json instanceof List<?> l ? (List<Object>) l : List.of();
    }

    private Object send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(request, (name, value) -> true)
                .header("Authorization", AUTHORIZATION).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IOException(request.method() + " " + request.uri().getPath() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().isBlank() ? null : Json.parse(r.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Stops the console: SIGTERM to Maven and every process it started, then SIGKILL to what is left after 30 s. */
    @Override
    public void close() {
        destroyTree();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
    }

    /** After a clean run: the console's H2 file and log go too (after a failure they stay, for reading). */
    void deleteFiles() {
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.out.println("could not delete " + directory + ": " + e.getMessage());
        }
    }

    private void destroyTree() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception stillAlive) {
                p.destroyForcibly();
            }
        }
    }
}
