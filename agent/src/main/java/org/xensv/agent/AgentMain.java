package org.xensv.agent;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xensv.agent.pki.CertificateAuthority;
import org.xensv.agent.pki.Credentials;
import org.xensv.agent.server.AgentConfig;
import org.xensv.agent.server.AgentServer;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.embedded.EmbeddedRuntime;

/**
 * {@code xensv-agent}: runs a host agent, or (on the console's machine) issues an agent's credentials.
 *
 * <pre>
 * xensv-agent --listen=0.0.0.0:7443 --data=/var/lib/xensv-agent --credentials=/etc/xensv-agent [--advertise=ADDRESS]
 *             [--name=HOST] [--pcpus=N] [--memory-mib=M] [--migration-port=7444]
 * xensv-agent issue --pki=&lt;console data&gt;/pki --host=ADDRESS[,NAME...] --out=DIR [--name=HOST]
 * </pre>
 *
 * Every option can also come from the environment: {@code --listen} from {@code XENSV_AGENT_LISTEN},
 * {@code --memory-mib} from {@code XENSV_AGENT_MEMORY_MIB}, and so on; an option on the command line wins.
 */
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String[] args) {
        try {
            if (args.length > 0 && args[0].equals("issue")) {
                issue(options(Arrays.copyOfRange(args, 1, args.length)));
            } else {
                run(options(args));
            }
        } catch (HypervisorException | IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            System.err.println("xensv-agent: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run(Map<String, String> o) throws IllegalArgumentException {
        String listen = option(o, "listen", "0.0.0.0:" + AgentConfig.DEFAULT_PORT);
        int colon = listen.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("--listen must be ADDRESS:PORT, e.g. 0.0.0.0:7443 (got " + listen + ")");
        }
        String listenHost = listen.substring(0, colon).replace("[", "").replace("]", "");
        int port = integer("listen", listen.substring(colon + 1));
        int migrationPort = integer("migration-port", option(o, "migration-port", String.valueOf(port == 0 ? 0 : port + 1)));
        String name = option(o, "name", localHostName());
        String advertise = option(o, "advertise", isWildcard(listenHost) ? localAddress() : listenHost);
        AgentConfig config = new AgentConfig(listenHost, port, migrationPort, advertise, Path.of(require(o, "data")),
                Credentials.in(Path.of(require(o, "credentials"))), name,
                integer("pcpus", option(o, "pcpus", String.valueOf(Runtime.getRuntime().availableProcessors()))),
                integer("memory-mib", option(o, "memory-mib", "0")));
        EmbeddedRuntime.useDirectory(config.data().resolve("hosts"));
        AgentServer agent = AgentServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(agent::stop, "xensv-agent-stop"));
        System.out.println("xensv-agent " + AgentServer.VERSION + ": host " + agent.hostName() + " listening on " + listenHost + ":"
                + agent.port() + " (add it to the console as xensv+tcp://" + advertise + ":" + agent.port() + "), migrations on "
                + agent.migrationEndpoint());
        if (!agent.restoredDomains().isEmpty()) {
            System.out.println("xensv-agent: domains back from the last run: " + String.join(", ", agent.restoredDomains()));
        }
        System.out.flush();
        try {
            agent.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void issue(Map<String, String> o) {
        List<String> hosts = Arrays.stream(require(o, "host").split(",")).map(String::strip).filter(h -> !h.isEmpty()).toList();
        CertificateAuthority ca = CertificateAuthority.openOrCreate(Path.of(require(o, "pki")));
        Credentials issued = ca.issue(option(o, "name", hosts.getFirst()), hosts, Path.of(require(o, "out")));
        System.out.println("Issued the agent's credentials for " + String.join(", ", hosts) + " into " + issued.directory()
                + " (ca.pem, cert.pem, key.pem). Copy that directory to the agent's machine and start it with --credentials=<that directory>.");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "': options are --name=value");
            }
            int eq = arg.indexOf('=');
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return options;
    }

    private static String option(Map<String, String> options, String name, String fallback) {
        String value = options.get(name);
        if (value == null) {
            value = System.getenv("XENSV_AGENT_" + name.toUpperCase().replace('-', '_'));
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String require(Map<String, String> options, String name) {
        String value = option(options, name, null);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required (or XENSV_AGENT_" + name.toUpperCase().replace('-', '_') + ")");
        }
        return value;
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number (got " + value + ")");
        }
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    private static String localHostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?") ? name : "agent";
        } catch (java.net.UnknownHostException e) {
            return "agent";
        }
    }

    private static String localAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return "127.0.0.1";
        }
    }
}
