/*
 * Fills a running xensv console with a large inventory through its REST API, as an admin's
 * scripts would: pools, embedded hosts, and VMs in a realistic mix of sizes, states and tags.
 *
 *   /usr/lib/jvm/temurin-25-jdk-amd64/bin/java scripts/generate-inventory.java [--url=http://localhost:8080]
 *       [--hosts=100] [--vms=10000] [--pools=5] [--host-memory-mib=128] [--running=3] [--paused=1] [--suspended=1]
 *
 * Credentials from XENSV_ADMIN_USERNAME / XENSV_ADMIN_PASSWORD (or --user= / --password=). Every
 * generated object's name starts with "gen-", so a second run adds to the first without clashing
 * (it skips hosts and VMs that exist). The console needs room in its memory budget for the hosts:
 * start it with XENSV_EMBEDDED_MEMORYMIB=512 (docs/operations.md, "A large inventory").
 */

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class GenerateInventory {

    static final String[] TIERS = {"web", "web", "web", "app", "app", "db", "cache", "batch"};
    static final String[] ENVS = {"prod", "prod", "staging", "dev"};
    static final long[] SIZES_MIB = {16, 16, 16, 24, 32};
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final String base;
    final String authorization;

    GenerateInventory(String base, String user, String password) {
        this.base = base.replaceAll("/+$", "") + "/api/v1";
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                System.err.println("unknown argument " + arg + " (options are --name=value)");
                System.exit(2);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        String user = options.getOrDefault("user", System.getenv().getOrDefault("XENSV_ADMIN_USERNAME", "admin"));
        String password = options.getOrDefault("password", System.getenv("XENSV_ADMIN_PASSWORD"));
        if (password == null) {
            System.err.println("Give the admin's password: XENSV_ADMIN_PASSWORD=... or --password=...");
            System.exit(2);
        }
        GenerateInventory g = new GenerateInventory(options.getOrDefault("url", "http://localhost:8080"), user, password);
        int hosts = Integer.parseInt(options.getOrDefault("hosts", "100"));
        int vms = Integer.parseInt(options.getOrDefault("vms", "10000"));
        int pools = Integer.parseInt(options.getOrDefault("pools", "5"));
        long hostMemory = Long.parseLong(options.getOrDefault("host-memory-mib", "128"));
        int running = Integer.parseInt(options.getOrDefault("running", "3"));
        int paused = Integer.parseInt(options.getOrDefault("paused", "1"));
        int suspended = Integer.parseInt(options.getOrDefault("suspended", "1"));
        long start = System.nanoTime();
        g.generate(hosts, vms, pools, hostMemory, running, paused, suspended);
        System.out.printf("done in %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    void generate(int hostCount, int vmCount, int poolCount, long hostMemory, int running, int paused, int suspended) throws Exception {
        String existingPools = get("/pools");
        List<String> poolIds = new ArrayList<>();
        for (int p = 1; p <= poolCount; p++) {
            String name = "gen-pool-" + p;
            String id = idOfNamed(existingPools, name);
            poolIds.add(id != null ? id : id(post("/pools", "{\"name\":\"" + name + "\",\"description\":\"generated\"}", 201)));
        }
        System.out.println(poolCount + " pools");

        String existingHosts = get("/hosts");
        String[] hostIds = new String[hostCount];
        parallel(hostCount, 8, h -> {
            String name = String.format("gen-h%03d", h + 1);
            String id = idOfNamed(existingHosts, name);
            hostIds[h] = id != null ? id : id(post("/hosts", "{\"poolId\":\"" + poolIds.get(h % poolCount) + "\",\"name\":\"" + name
                    + "\",\"uri\":\"embedded://" + name + "?pcpus=2&memoryMiB=" + hostMemory + "\"}", 201));
        });
        System.out.println(hostCount + " hosts");

        int perHost = (vmCount + hostCount - 1) / hostCount;
        AtomicInteger made = new AtomicInteger();
        String existingVms = get("/vms?q=gen-&size=10000");
        parallel(vmCount, 16, i -> {
            int host = i % hostCount;
            int slot = i / hostCount; // the VM's place on its host: the first few run, then paused, suspended
            String tier = TIERS[i % TIERS.length];
            String env = ENVS[(i / TIERS.length) % ENVS.length];
            String name = String.format("gen-%s-%s-%05d", tier, env, i + 1);
            if (existingVms.contains("\"" + name + "\"")) {
                return;
            }
            boolean start = slot < running + paused + suspended;
            long memory = start ? 16 : SIZES_MIB[(i / 7) % SIZES_MIB.length]; // what runs fits a small host
            String id = id(post("/vms", "{\"name\":\"" + name + "\",\"vcpus\":" + (1 + i % 2) + ",\"memoryMiB\":" + memory
                    + ",\"type\":\"PV\",\"workload\":\"IDLE\",\"workloadFillMiB\":4,\"hostId\":\"" + hostIds[host]
                    + "\",\"start\":" + start + "}", 201));
            if (start && slot >= running) {
                awaitState(id, "RUNNING");
                post("/vms/" + id + (slot < running + paused ? "/pause" : "/suspend"), null, 202);
            }
            int n = made.incrementAndGet();
            if (n % 1000 == 0) {
                System.out.println(n + " VMs");
            }
        });
        System.out.println(vmCount + " VMs (" + perHost + " a host)");

        // tags: one bulk task per tag, on every generated VM whose name says it
        List<String> tasks = new ArrayList<>();
        Map<String, String> tagByName = new java.util.LinkedHashMap<>();
        for (String env : List.of("prod", "staging", "dev")) {
            tagByName.put("env=" + env, "-" + env + "-");
        }
        for (String tier : List.of("web", "app", "db", "cache", "batch")) {
            tagByName.put("tier=" + tier, "gen-" + tier + "-");
        }
        for (var tag : tagByName.entrySet()) {
            if (!get("/vms?size=1&q=" + tag.getValue()).strip().equals("[]")) { // a small inventory may have none of some
                tasks.add(id(post("/vms/bulk", "{\"action\":\"tag\",\"tag\":\"" + tag.getKey() + "\",\"filter\":{\"q\":\""
                        + tag.getValue() + "\"}}", 202)));
            }
        }
        for (String task : tasks) {
            awaitTask(task);
        }
        System.out.println("tagged (env=..., tier=...)");
    }

    interface Body {
        void run(int index) throws Exception;
    }

    static void parallel(int count, int width, Body body) throws InterruptedException {
        Semaphore slots = new Semaphore(width);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count && failures.isEmpty(); i++) {
                slots.acquire();
                int index = i;
                pool.execute(() -> {
                    try {
                        body.run(index);
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.get(0).getMessage(), failures.get(0));
        }
    }

    void awaitState(String vmId, String state) throws Exception {
        while (!get("/vms/" + vmId).contains("\"powerState\":\"" + state + "\"")) {
            Thread.sleep(50);
        }
    }

    void awaitTask(String taskId) throws Exception {
        while (true) {
            String task = get("/tasks/" + taskId);
            if (task.contains("\"status\":\"SUCCESS\"")) {
                return;
            }
            if (task.contains("\"status\":\"FAILURE\"") || task.contains("\"status\":\"CANCELLED\"")) {
                throw new IllegalStateException("task " + taskId + " did not succeed: " + task);
            }
            Thread.sleep(200);
        }
    }

    static String id(String json) {
        Matcher m = ID.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return m.group(1);
    }

    /** The id of the object named {@code name} in a JSON list, or null. */
    static String idOfNamed(String list, String name) {
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"[^{}]*?\"name\"\\s*:\\s*\"" + Pattern.quote(name) + "\"").matcher(list);
        return m.find() ? m.group(1) : null;
    }

    String get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), 200);
    }

    String post(String path, String json, int expected) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)), expected);
    }

    String send(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> response = http.send(request.header("Authorization", authorization).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.build().method() + " " + request.build().uri() + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
