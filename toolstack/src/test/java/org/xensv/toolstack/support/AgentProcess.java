package org.xensv.toolstack.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.xensv.agent.AgentMain;
import org.xensv.agent.client.AgentDriver;
import org.xensv.agent.pki.CertificateAuthority;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.spi.HostConnection;

/**
 * A host agent as an admin runs it: {@code xensv-agent} in an OS process of its own on 127.0.0.1,
 * with credentials issued from the console's CA, fixed ports (so it can be started again where the
 * console knows it) and a data directory that outlives the process. It can be killed (SIGKILL),
 * frozen (SIGSTOP) and thawed (SIGCONT) like a machine that dies or drops off the network.
 */
public final class AgentProcess implements AutoCloseable {

    private final String name;
    private final Path root;
    private final int port;
    private final int migrationPort;
    private final long memoryMiB;
    private Process process;
    private Path log;
    private int starts;

    private AgentProcess(String name, Path root, int port, int migrationPort, long memoryMiB) {
        this.name = name;
        this.root = root;
        this.port = port;
        this.migrationPort = migrationPort;
        this.memoryMiB = memoryMiB;
    }

    /** Issues the agent's credentials from the console's CA and starts it; returns once it listens. */
    public static AgentProcess start(String prefix, long memoryMiB) {
        try {
            String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
            Path root = Files.createTempDirectory("xensv-agent-" + prefix);
            CertificateAuthority.openOrCreate(AgentDriver.pkiDirectory()).issue(name, List.of("127.0.0.1"), root.resolve("credentials"));
            AgentProcess agent = new AgentProcess(name, root, freePort(), freePort(), memoryMiB);
            agent.launch();
            return agent;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    /** The URI the console adds it by, with short call deadlines so a frozen agent is noticed within seconds. */
    public String uri() {
        return "xensv+tcp://127.0.0.1:" + port + "?deadlineSeconds=10";
    }

    /** Starts the agent again with the same name, ports and data, after {@link #kill()}. */
    public void restart() {
        for (int attempt = 1; ; attempt++) {
            try {
                launch();
                return;
            } catch (AssertionError e) {
                // the killed process's port may take a moment to be free again
                if (process.isAlive() || attempt >= 30) {
                    throw e;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** SIGKILL: the process dies at once, saving nothing (as a machine that loses power). */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: the process stops answering but keeps its sockets and domains (a network partition). */
    public void freeze() {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    public void thaw() {
        if (process.isAlive()) {
            signal("CONT");
        }
    }

    /** The domains the agent holds, asked directly with the console's credentials (not through the console). */
    public List<DomainInfo> domains() {
        AgentDriver driver = new AgentDriver(CertificateAuthority.openOrCreate(AgentDriver.pkiDirectory()).consoleCredentials());
        try (HostConnection connection = driver.connect(URI.create(uri()))) {
            return connection.lifecycle().list();
        }
    }

    /** Acts on the agent directly with the console's credentials, behind the consoles' back (a domain paused by hand). */
    public <T> T direct(java.util.function.Function<HostConnection, T> work) {
        AgentDriver driver = new AgentDriver(CertificateAuthority.openOrCreate(AgentDriver.pkiDirectory()).consoleCredentials());
        try (HostConnection connection = driver.connect(URI.create(uri()))) {
            return work.apply(connection);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            signal("CONT");
            kill();
        }
    }

    private void launch() {
        starts++;
        log = root.resolve("agent-" + starts + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-Dxensv.embedded.budget-mib=1024",
                "-cp", System.getProperty("java.class.path"), AgentMain.class.getName(),
                "--listen=127.0.0.1:" + port, "--migration-port=" + migrationPort, "--advertise=127.0.0.1",
                "--data=" + root.resolve("data"), "--credentials=" + root.resolve("credentials"), "--name=" + name,
                "--pcpus=2", "--memory-mib=" + memoryMiB));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Await.until("agent " + name + " listens (log: " + log + ")", Duration.ofSeconds(180), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("agent " + name + " stopped: " + read(log));
            }
            return read(log).contains("add it to the console as");
        });
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted signalling the agent");
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
