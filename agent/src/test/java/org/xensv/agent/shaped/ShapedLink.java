package org.xensv.agent.shaped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.xensv.agent.AgentMain;
import org.xensv.agent.client.AgentDriver;
import org.xensv.agent.pki.CertificateAuthority;
import org.xensv.hypervisor.spi.HostConnection;

/**
 * Two agent processes on two machines joined by a real, shaped link: each agent runs in a network
 * namespace of its own ({@link LinkedNamespaces}), with credentials from a test CA for its control
 * address and its link address. The console (this JVM, in the root namespace) reaches each agent's
 * control port over a veth of its own; each agent advertises its link address for migrations, where
 * a {@link DelayRelay} in its namespace adds the round-trip time and hands the stream to the agent's
 * TLS migration gateway. So a migration from a to b goes a's TLS relay → veth with a tbf qdisc →
 * b's delay relay → b's gateway → b's runtime, with no bandwidth limiter of the runtime's own.
 */
public final class ShapedLink implements AutoCloseable {

    public static final int CONTROL_PORT = 7443;
    public static final int MIGRATION_PORT = 7444;
    private static final Pattern LISTENING = Pattern.compile("add it to the console as (xensv\\+tcp://\\S+)\\)");
    private static final Pattern RELAYING = Pattern.compile("relay listening");

    private final LinkedNamespaces net;
    private final Path root;
    private final CertificateAuthority ca;
    private final List<NamespacedJava> agents = new ArrayList<>();
    private final List<NamespacedJava> relays = new ArrayList<>();
    private final Thread hook = new Thread(this::close, "shaped-link-teardown");
    private URI uriA;
    private URI uriB;
    private Duration roundTrip = Duration.ZERO;

    private ShapedLink(LinkedNamespaces net, Path root) {
        this.net = net;
        this.root = root;
        this.ca = CertificateAuthority.openOrCreate(root.resolve("pki"));
    }

    /**
     * The namespaces, an agent in each with {@code memoryMiB} for guests and a JVM heap of {@code heapMiB},
     * and the link unshaped with no added delay (see {@link #set}). Everything is torn down by {@link #close},
     * and by a shutdown hook should the JVM end first.
     */
    public static ShapedLink start(long memoryMiB, int heapMiB) {
        LinkedNamespaces net = LinkedNamespaces.create();
        ShapedLink link;
        try {
            link = new ShapedLink(net, Files.createTempDirectory("xensv-shaped-link"));
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        Runtime.getRuntime().addShutdownHook(link.hook);
        try {
            link.uriA = link.startAgent("a", net.nsA, net.controlA, net.linkA, memoryMiB, heapMiB);
            link.uriB = link.startAgent("b", net.nsB, net.controlB, net.linkB, memoryMiB, heapMiB);
            link.set(0, Duration.ZERO);
            return link;
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    private URI startAgent(String side, String ns, String control, String linkAddress, long memoryMiB, int heapMiB) {
        String name = "shaped-" + side;
        Path credentials = root.resolve("agents").resolve(name);
        ca.issue(name, List.of(control, linkAddress), credentials);
        NamespacedJava agent = NamespacedJava.start("agent-" + side, ns,
                List.of("-Xmx" + heapMiB + "m", "-Dxensv.embedded.budget-mib=" + memoryMiB), AgentMain.class,
                List.of("--listen=" + control + ":" + CONTROL_PORT, "--migration-port=" + MIGRATION_PORT, "--advertise=" + linkAddress,
                        "--data=" + root.resolve("data").resolve(name), "--credentials=" + credentials, "--name=" + name, "--pcpus=2",
                        "--memory-mib=" + memoryMiB));
        agents.add(agent);
        agent.await(LISTENING); // it prints its advertised (link) address; the console dials the control address
        return URI.create("xensv+tcp://" + control + ":" + CONTROL_PORT);
    }

    /**
     * Shapes the link to {@code bitsPerSec} (0: unshaped) and puts {@code roundTrip} on it: the delay
     * relays in both namespaces are started again with it (no migration may run meanwhile).
     */
    public void set(long bitsPerSec, Duration roundTrip) {
        net.shape(bitsPerSec);
        relays.forEach(r -> r.stop(5));
        relays.clear();
        long micros = roundTrip.toNanos() / 1000;
        relays.add(relay("relay-a", net.nsA, net.linkA, net.controlA, micros));
        relays.add(relay("relay-b", net.nsB, net.linkB, net.controlB, micros));
        this.roundTrip = roundTrip;
    }

    private NamespacedJava relay(String label, String ns, String listen, String gateway, long roundTripMicros) {
        return startRelay(label, ns, listen + ":" + MIGRATION_PORT, gateway + ":" + MIGRATION_PORT, roundTripMicros);
    }

    /** A {@link DelayRelay} in {@code ns} from {@code listen} to {@code target} (ADDRESS:PORT), listening once this returns; the caller stops it. */
    public static NamespacedJava startRelay(String label, String ns, String listen, String target, long roundTripMicros) {
        NamespacedJava relay = NamespacedJava.start(label, ns, List.of("-Xmx256m"), DelayRelay.class,
                List.of(listen, target, String.valueOf(roundTripMicros)));
        relay.await(RELAYING);
        return relay;
    }

    public LinkedNamespaces namespaces() {
        return net;
    }

    public Duration roundTrip() {
        return roundTrip;
    }

    public URI uriA() {
        return uriA;
    }

    public URI uriB() {
        return uriB;
    }

    public Path root() {
        return root;
    }

    /** The console's driver (the CA's console certificate), in this JVM. */
    public AgentDriver driver() {
        return new AgentDriver(ca.consoleCredentials());
    }

    public HostConnection connectA() {
        return driver().connect(uriA);
    }

    public HostConnection connectB() {
        return driver().connect(uriB);
    }

    /** Each agent's and relay's output, to quote when something failed. */
    public String output() {
        StringBuilder s = new StringBuilder();
        for (NamespacedJava p : agents) {
            s.append(p.output()).append('\n');
        }
        for (NamespacedJava p : relays) {
            s.append(p.output()).append('\n');
        }
        return s.toString();
    }

    @Override
    public synchronized void close() {
        relays.forEach(r -> r.stop(2));
        relays.clear();
        agents.forEach(a -> a.stop(10));
        agents.clear();
        net.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down: this is the hook
        }
    }
}
