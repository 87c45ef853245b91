package org.xensv.agent.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.xensv.agent.pki.CertificateAuthority;
import org.xensv.agent.pki.Credentials;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.HypervisorDriver;

/**
 * Driver for {@code xensv+tcp://<address>:<port>}: a host agent ({@code xensv-agent}) on another
 * machine, over gRPC with mutual TLS. The console presents its own certificate and accepts only an
 * agent whose certificate its CA issued for that address. Optional parameter: {@code
 * ?deadlineSeconds=N}, the deadline of each control call (default 30).
 *
 * <p>Found through {@link java.util.ServiceLoader} like the other drivers; the console's CA lives in
 * the directory the console names with {@link #usePkiDirectory} (its {@code xensv.pki.directory},
 * {@code ./data/pki}), else the system property {@link #PKI_PROPERTY}, else {@code $XENSV_PKI_DIR},
 * else {@code ./data/pki}; it is created there on first use.
 */
public final class AgentDriver implements HypervisorDriver {

    public static final String SCHEME = "xensv+tcp";
    public static final String PKI_PROPERTY = "xensv.pki.dir";
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    private static volatile Path pkiDirectory;

    private final Credentials fixed;

    /** The ServiceLoader's driver: the console's credentials from its PKI directory. */
    public AgentDriver() {
        this(null);
    }

    /** A driver presenting these credentials (tests, tools). */
    public AgentDriver(Credentials credentials) {
        this.fixed = credentials;
    }

    /** Sets where the console keeps its CA and its own certificate (the console's data directory has it). */
    public static void usePkiDirectory(Path directory) {
        pkiDirectory = directory.toAbsolutePath().normalize();
    }

    /** The console's PKI directory (its CA and its own client certificate). */
    public static Path pkiDirectory() {
        if (pkiDirectory != null) {
            return pkiDirectory;
        }
        String property = System.getProperty(PKI_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("XENSV_PKI_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of("data", "pki");
    }

    @Override
    public String name() {
        return "agent";
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public void validate(URI uri) {
        target(uri);
    }

    @Override
    public HostConnection connect(URI uri) {
        Target target = target(uri);
        Credentials credentials = fixed != null ? fixed : CertificateAuthority.openOrCreate(pkiDirectory()).consoleCredentials();
        return AgentConnection.open(uri.toString(), target.host(), target.port(), target.deadline(), credentials);
    }

    record Target(String host, int port, Duration deadline) {
    }

    static Target target(URI uri) {
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new InvalidValueException("uri", uri, "must name the agent's address: xensv+tcp://<host>:<port>");
        }
        if (uri.getPort() < 1) {
            throw new InvalidValueException("uri", uri, "must name the agent's port: xensv+tcp://<host>:<port> (xensv-agent listens on 7443 by default)");
        }
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            throw new InvalidValueException("uri", uri, "must not have a path: xensv+tcp://<host>:<port>");
        }
        Duration deadline = DEFAULT_DEADLINE;
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                if (!key.equals("deadlineSeconds")) {
                    throw new InvalidValueException("uri", uri, "has an unknown parameter '" + key + "' (known: deadlineSeconds)");
                }
                try {
                    long seconds = Long.parseLong(value);
                    if (seconds < 1 || seconds > 3600) {
                        throw new NumberFormatException();
                    }
                    deadline = Duration.ofSeconds(seconds);
                } catch (NumberFormatException e) {
                    throw new InvalidValueException("deadlineSeconds", value, "must be a whole number of seconds between 1 and 3600");
                }
            }
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return new Target(bare, uri.getPort(), deadline);
    }
}
