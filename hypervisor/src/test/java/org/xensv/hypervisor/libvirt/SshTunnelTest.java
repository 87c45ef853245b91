package org.xensv.hypervisor.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.spi.DisplayStream;

/**
 * The SSH tunnel of a remote libvirt host's VNC display against a real OpenSSH server ({@link TestSshd}
 * on 127.0.0.1) in front of a stand-in VNC server that greets in RFB and echoes: the bytes go both ways
 * through an {@code ssh -W} channel (sshd's log shows it), and ssh's refusals come back as sentences
 * naming the host and what ssh said. Skipped, saying why, without sshd.
 */
@Timeout(120)
class SshTunnelTest {

    static TestSshd sshd;
    static ServerSocket vnc;

    @BeforeAll
    static void startSshdAndAVncStandIn() throws Exception {
        sshd = TestSshd.start();
        vnc = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!vnc.isClosed()) {
                try {
                    Socket client = vnc.accept();
                    Thread.ofVirtual().start(() -> greetAndEcho(client));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    @AfterAll
    static void stop() throws IOException {
        if (vnc != null) {
            vnc.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    private static void greetAndEcho(Socket client) {
        try (client) {
            client.getOutputStream().write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[256];
            int n;
            while ((n = in.read(buffer)) > 0) {
                client.getOutputStream().write(buffer, 0, n);
            }
        } catch (IOException ignored) {
            // the tunnel closed
        }
    }

    private static URI uri(String query) {
        return URI.create("qemu+ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + sshd.port + "/system?" + query);
    }

    @Test
    void theDisplaysBytesGoBothWaysThroughAnSshChannel() throws IOException {
        try (DisplayStream display = SshTunnel.open(uri("keyfile=" + sshd.key + "&no_verify=1"), "vm-1", "127.0.0.1", vnc.getLocalPort())) {
            assertThat(new String(display.input().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
            display.output().write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
            display.output().flush();
            assertThat(new String(display.input().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
        }
        assertThat(sshd.log()).as("sshd opened the channel to the display")
                .contains("server_request_direct_tcpip").contains("target 127.0.0.1 port " + vnc.getLocalPort());
    }

    @Test
    void anUnknownHostKeyIsRefusedNamingTheHostAndWhatSshSaid() throws IOException {
        Path empty = Files.createFile(sshd.dir.resolve("known_hosts_empty"));
        assertThatThrownBy(() -> SshTunnel.open(uri("keyfile=" + sshd.key + "&known_hosts=" + empty), "vm-1", "127.0.0.1", vnc.getLocalPort()))
                .isInstanceOf(HypervisorException.class)
                .hasMessageStartingWith("SSH to " + System.getProperty("user.name") + "@127.0.0.1:" + sshd.port + " failed: ")
                .hasMessageContaining("Host key verification failed")
                .hasMessageContaining("VM 'vm-1'")
                .hasMessageContaining("known_hosts");
    }

    @Test
    void aKeyTheHostDoesNotAcceptIsRefusedSayingSo() {
        Path stranger = sshd.dir.resolve("host_key"); // a key pair, but not an authorized one
        assertThatThrownBy(() -> SshTunnel.open(uri("keyfile=" + stranger + "&no_verify=1"), "vm-1", "127.0.0.1", vnc.getLocalPort()))
                .isInstanceOf(HypervisorException.class)
                .hasMessageContaining("127.0.0.1:" + sshd.port)
                .hasMessageContaining("Permission denied (publickey)")
                .hasMessageContaining("authorized_keys");
    }

    @Test
    void aDisplayNothingListensOnIsRefusedSayingTheHostCouldNotConnect() throws IOException {
        int closed;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort();
        }
        assertThatThrownBy(() -> SshTunnel.open(uri("keyfile=" + sshd.key + "&no_verify=1"), "vm-1", "127.0.0.1", closed))
                .isInstanceOf(HypervisorException.class)
                .hasMessageContaining("open failed")
                .hasMessageContaining("VM 'vm-1'");
    }

    @Test
    void anSshServerThatIsNotThereIsRefusedSayingSo() throws IOException {
        int closed;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort();
        }
        URI nowhere = URI.create("qemu+ssh://root@127.0.0.1:" + closed + "/system?no_verify=1");
        assertThatThrownBy(() -> SshTunnel.open(nowhere, "vm-1", "127.0.0.1", 5900))
                .isInstanceOf(HypervisorException.class)
                .hasMessageStartingWith("SSH to root@127.0.0.1:" + closed + " failed: ")
                .hasMessageContaining("Connection refused");
    }

    @Test
    void theCommandLineTakesLibvirtsUserPortAndKeyParameters() {
        assertThat(SshTunnel.command(URI.create("qemu+ssh://admin@kvm1:2222/system?keyfile=/k/id%20x&known_hosts=/k/kh&command=/opt/ssh"),
                "127.0.0.1", 5901))
                .startsWith("/opt/ssh").containsSequence("-p", "2222").containsSequence("-l", "admin").containsSequence("-i", "/k/id x")
                .containsSequence("-o", "UserKnownHostsFile=/k/kh").containsSequence("-o", "BatchMode=yes")
                .endsWith("-W", "127.0.0.1:5901", "--", "kvm1");
        assertThat(SshTunnel.command(URI.create("qemu+ssh://kvm1/system"), "::1", 5901)).endsWith("-W", "[::1]:5901", "--", "kvm1")
                .doesNotContain("-p", "-l", "-i", "StrictHostKeyChecking=no");
    }

    @Test
    void theRouteFollowsTheUriAndTheListenAddress() {
        assertThat(VncRoute.of(URI.create("qemu:///system"), "0.0.0.0", 5900)).isEqualTo(new VncRoute.Direct("127.0.0.1", 5900));
        assertThat(VncRoute.of(URI.create("qemu+ssh://root@kvm1/system"), "127.0.0.1", 5900)).isEqualTo(new VncRoute.Tunnel("127.0.0.1", 5900));
        assertThat(VncRoute.of(URI.create("xen+ssh://root@xen1/system"), "0.0.0.0", 5900)).isEqualTo(new VncRoute.Tunnel("127.0.0.1", 5900));
        assertThat(VncRoute.of(URI.create("qemu+tls://kvm1/system"), "0.0.0.0", 5901)).isEqualTo(new VncRoute.Direct("kvm1", 5901));
        assertThat(VncRoute.of(URI.create("qemu+tls://kvm1/system"), "10.1.2.3", 5901)).isEqualTo(new VncRoute.Direct("10.1.2.3", 5901));
        assertThat(VncRoute.of(URI.create("qemu+tls://kvm1/system"), "127.0.0.1", 5901)).isInstanceOfSatisfying(VncRoute.Unreachable.class,
                u -> assertThat(u.why()).contains("kvm1's loopback (127.0.0.1:5901)").contains("qemu+ssh://").contains("listen"));
    }
}
