package org.xensv.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.xensv.agent.client.AgentDriver;
import org.xensv.agent.pki.CertificateAuthority;
import org.xensv.agent.pki.Credentials;
import org.xensv.agent.server.AgentConfig;
import org.xensv.agent.server.AgentServer;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.DomainLifecycle;
import org.xensv.hypervisor.spi.HostConnection;

/**
 * A console's CA in a temporary directory, and agents started on 127.0.0.1 with credentials it
 * issued, reached over real TCP with mutual TLS.
 */
public final class TestAgents {

    private final Path root;
    private final CertificateAuthority ca;

    public TestAgents() {
        try {
            root = Files.createTempDirectory("xensv-agent-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ca = CertificateAuthority.openOrCreate(root.resolve("pki"));
    }

    public CertificateAuthority ca() {
        return ca;
    }

    public Path root() {
        return root;
    }

    /** Credentials for an agent on 127.0.0.1, issued by this console's CA. */
    public Credentials agentCredentials(String name) {
        return ca.issue(name, List.of("127.0.0.1", "localhost"), root.resolve("agents").resolve(name));
    }

    /** An agent on 127.0.0.1 (any free ports) with 2 pCPUs and {@code memoryMiB}. */
    public AgentServer start(String prefix, long memoryMiB) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        return start(name, agentCredentials(name), memoryMiB);
    }

    public AgentServer start(String name, Credentials credentials, long memoryMiB) {
        return AgentServer.start(new AgentConfig("127.0.0.1", 0, 0, "127.0.0.1", root.resolve("data").resolve(name), credentials, name,
                2, memoryMiB));
    }

    /** The console's driver, presenting the console's certificate. */
    public AgentDriver driver() {
        return new AgentDriver(ca.consoleCredentials());
    }

    public static URI uri(AgentServer agent) {
        return URI.create("xensv+tcp://127.0.0.1:" + agent.port());
    }

    public HostConnection connect(AgentServer agent) {
        return driver().connect(uri(agent));
    }

    /** Powers off and forgets every domain on the host. */
    public static void empty(HostConnection connection) {
        DomainLifecycle lifecycle = connection.lifecycle();
        for (DomainInfo domain : lifecycle.list()) {
            if (domain.powerState() != PowerState.HALTED) {
                lifecycle.hardShutdown(domain.uuid());
            }
            lifecycle.undefine(domain.uuid());
        }
    }
}
