package org.xensv.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xensv.agent.pki.Credentials;
import org.xensv.agent.proto.Empty;
import org.xensv.agent.proto.HostAgentGrpc;
import org.xensv.agent.server.AgentServer;
import org.xensv.hypervisor.api.HostUnreachableException;
import org.xensv.hypervisor.migration.MigrationEndpoint;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.Migration;

/**
 * A stranger on the network can neither drive an agent nor feed it a migration stream: only a client
 * presenting a certificate from the console's CA gets an answer, and the console talks only to an
 * agent whose certificate its CA issued.
 */
class MutualTlsTest {

    private static TestAgents console;
    private static TestAgents stranger;
    private static AgentServer agent;

    @BeforeAll
    static void start() {
        console = new TestAgents();
        stranger = new TestAgents();
        agent = console.start("tls", 256);
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    private static String hostName(ChannelCredentials credentials) {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", agent.port(), credentials).build();
        try {
            return HostAgentGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getHostInfo(Empty.getDefaultInstance()).getName();
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void theConsoleWithItsCertificateDrivesTheAgent() {
        Credentials mine = console.ca().consoleCredentials();
        assertThat(hostName(TlsChannelCredentials.newBuilder().keyManager(mine.keyManagers()).trustManager(mine.trustManagers()).build()))
                .isEqualTo(agent.hostName());
    }

    @Test
    void aClientWithoutACertificateIsRefused() {
        Credentials mine = console.ca().consoleCredentials();
        assertThatThrownBy(() -> hostName(TlsChannelCredentials.newBuilder().trustManager(mine.trustManagers()).build()))
                .isInstanceOf(StatusRuntimeException.class);
    }

    @Test
    void aClientWithACertificateFromAnotherCaIsRefused() {
        Credentials foreign = stranger.ca().consoleCredentials();
        Credentials mine = console.ca().consoleCredentials();
        // it trusts the agent (it knows the right CA) but presents a certificate the console's CA did not issue
        assertThatThrownBy(() -> hostName(TlsChannelCredentials.newBuilder().keyManager(foreign.keyManagers())
                .trustManager(mine.trustManagers()).build()))
                .isInstanceOf(StatusRuntimeException.class);
        assertThatThrownBy(() -> stranger.driver().connect(TestAgents.uri(agent))).isInstanceOf(HostUnreachableException.class);
    }

    @Test
    void aPlaintextClientIsRefused() {
        assertThatThrownBy(() -> hostName(InsecureChannelCredentials.create())).isInstanceOf(StatusRuntimeException.class);
    }

    @Test
    void theConsoleRefusesAnAgentWhoseCertificateItDidNotIssue() {
        String name = "impostor-" + System.nanoTime();
        AgentServer impostor = console.start(name, stranger.agentCredentials(name), 256);
        try {
            assertThatThrownBy(() -> console.connect(impostor))
                    .isInstanceOf(HostUnreachableException.class)
                    .hasMessageContaining("xensv+tcp://127.0.0.1:" + impostor.port());
        } finally {
            impostor.close();
        }
    }

    @Test
    void theMigrationPortRefusesAStreamWithoutTheConsolesCertificate() throws Exception {
        MigrationEndpoint endpoint;
        try (HostConnection connection = console.connect(agent)) {
            endpoint = connection.require(Migration.class, "migration").receiveEndpoint();
        }
        assertThat(endpoint.host()).isEqualTo("127.0.0.1");

        // plain TCP: what a stranger writes never reaches the runtime; the gateway hangs up on a failed handshake
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 5_000);
            plain.setSoTimeout(15_000);
            plain.getOutputStream().write("XENSV-MIGRATION-STREAM".getBytes());
            plain.getOutputStream().flush();
            assertThat(readUntilClosed(plain)).isTrue();
        }
        // TLS with a foreign certificate: the handshake fails
        assertThat(handshakes(stranger.agentCredentials("stranger").sslContext(), endpoint)).isFalse();
        // TLS with a certificate the console issued: accepted
        assertThat(handshakes(console.agentCredentials("peer").sslContext(), endpoint)).isTrue();
    }

    /** True once the far end closed the connection (EOF or reset). */
    private static boolean readUntilClosed(Socket socket) {
        try {
            byte[] buffer = new byte[4096];
            while (socket.getInputStream().read(buffer) >= 0) {
                // the TLS alert, then the close
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Whether a TLS connection with {@code tls} to the endpoint is accepted and stays up for an exchange. */
    private static boolean handshakes(SSLContext tls, MigrationEndpoint endpoint) throws IOException {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 5_000);
            socket.setSoTimeout(15_000);
            socket.startHandshake();
            // with TLS 1.3 the server checks the client's certificate after the client finished: a refusal
            // arrives as an alert on the first read
            socket.getOutputStream().write(new byte[] {0});
            socket.getOutputStream().flush();
            try {
                socket.setSoTimeout(2_000);
                int read = socket.getInputStream().read();
                return read >= 0; // the runtime answered (its ERROR record for a bad header): the stream reached it
            } catch (java.net.SocketTimeoutException e) {
                return true; // still connected: the gateway passed it on to the runtime, which waits for a header
            }
        } catch (SSLException e) {
            return false;
        } catch (java.net.SocketException e) {
            return false;
        }
    }
}
