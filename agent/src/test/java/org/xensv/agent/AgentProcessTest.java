package org.xensv.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.xensv.agent.client.AgentDriver;
import org.xensv.agent.pki.CertificateAuthority;
import org.xensv.agent.pki.Credentials;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.Drivers;
import org.xensv.hypervisor.spi.HostConnection;

/**
 * {@code xensv-agent} as an admin runs it: credentials issued with {@code xensv-agent issue}, the
 * agent started in a process of its own with a listen address, a data directory and those
 * credentials, and the console's installed drivers reaching it by {@code xensv+tcp://}.
 */
class AgentProcessTest {

    private static final Pattern LISTENING = Pattern.compile("add it to the console as (xensv\\+tcp://\\S+)\\)");

    private static Process launch(List<String> args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-Dxensv.embedded.budget-mib=1024",
                "-cp", System.getProperty("java.class.path"), AgentMain.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void anAgentStartedByItsCommandIsDrivenByTheConsolesDriver() throws Exception {
        Path root = Files.createTempDirectory("xensv-agent-process");
        Path pki = root.resolve("console-data").resolve("pki");
        Process issue = launch(List.of("issue", "--pki=" + pki, "--host=127.0.0.1", "--out=" + root.resolve("agent-creds")));
        assertThat(issue.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(issue.exitValue()).as(new String(issue.getInputStream().readAllBytes())).isZero();

        Process agent = launch(List.of("--listen=127.0.0.1:0", "--data=" + root.resolve("agent-data"),
                "--credentials=" + root.resolve("agent-creds"), "--name=child-agent", "--pcpus=2", "--memory-mib=256"));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream()));
            CompletableFuture<String> uri = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            return m.group(1);
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    return null;
                }
            });
            String address = uri.get(120, TimeUnit.SECONDS);
            assertThat(address).startsWith("xensv+tcp://127.0.0.1:");

            Credentials console = CertificateAuthority.openOrCreate(pki).consoleCredentials();
            Drivers drivers = new Drivers(List.of(new AgentDriver(console)));
            try (HostConnection connection = drivers.connect(URI.create(address))) {
                assertThat(connection.hostInfo().name()).isEqualTo("child-agent");
                assertThat(connection.hostInfo().memoryMiB()).isEqualTo(256);
                assertThat(connection.hostInfo().version()).contains("xensv-agent ");
                DomainConfig config = DomainConfig.of("in-a-child", 1, 32);
                connection.lifecycle().define(config);
                connection.lifecycle().start(config.uuid());
                assertThat(connection.lifecycle().info(config.uuid()).powerState()).isEqualTo(PowerState.RUNNING);
                TestAgents.empty(connection);
            }
        } finally {
            agent.destroy();
            agent.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theInstalledDriversIncludeTheAgentsScheme() {
        assertThat(Drivers.installed().schemes()).contains(AgentDriver.SCHEME);
    }
}
