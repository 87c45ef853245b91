package org.xensv.hypervisor.libvirt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real OpenSSH server for the tests of the SSH tunnel (and the toolstack's remote display test, through this module's test-jar), on a free port of 127.0.0.1, with a host key
 * generated here and one authorized key (also generated here) for the user the test runs as. It logs at
 * DEBUG1 to a file, where each channel it opens is written ({@code server_request_direct_tcpip ...
 * target ADDRESS port PORT}). Skips the test, saying why, without {@code /usr/sbin/sshd}
 * ({@code apt-get install openssh-server}; scripts/test installs it) or, for root's sshd, its
 * privilege separation directory.
 */
public final class TestSshd implements AutoCloseable {

    static final Path SSHD = Path.of("/usr/sbin/sshd");

    public final Path dir;
    public final int port;
    public final Path key;
    public final Path log;
    private final Process process;

    private TestSshd(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.key = dir.resolve("id");
        this.log = dir.resolve("sshd.log");
        this.process = process;
    }

    public static TestSshd start() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(SSHD), "sshd is missing: apt-get install openssh-server (scripts/test installs it)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen is missing: apt-get install openssh-client");
        Path privsep = Path.of("/run/sshd");
        if (!Files.isDirectory(privsep)) { // what the package's init script makes at boot
            try {
                Files.createDirectories(privsep, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            } catch (IOException e) {
                assumeTrue(false, "sshd needs its privilege separation directory /run/sshd, which only root can make here: " + e);
            }
        }
        Path dir = Files.createTempDirectory("xensv-sshd-");
        run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
        run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("id").toString());
        Files.copy(dir.resolve("id.pub"), dir.resolve("authorized_keys"));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + dir.resolve("host_key"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "PidFile none", "StrictModes no",
                "PermitRootLogin prohibit-password", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                "UsePAM no", "AllowTcpForwarding yes", "LogLevel DEBUG1", ""));
        Process sshd = new ProcessBuilder(SSHD.toString(), "-D", "-f", dir.resolve("sshd_config").toString(),
                "-E", dir.resolve("sshd.log").toString()).redirectErrorStream(true).redirectOutput(dir.resolve("sshd.out").toFile()).start();
        TestSshd server = new TestSshd(dir, port, sshd);
        for (int i = 0; i < 100; i++) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                if (!sshd.isAlive()) {
                    String said = Files.readString(dir.resolve("sshd.out")) + Files.readString(dir.resolve("sshd.log"));
                    server.close();
                    throw new IllegalStateException("sshd did not start: " + said);
                }
                Thread.sleep(100);
            }
        }
        server.close();
        throw new IllegalStateException("sshd did not listen on 127.0.0.1:" + port + " within 10 s");
    }

    /** What sshd logged so far. */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
