package org.xensv.toolstack.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;
import org.xensv.hypervisor.libvirt.TestSshd;

/**
 * The display of a guest on a libvirt host reached over SSH: a real OpenSSH server on a free port of
 * 127.0.0.1 ({@link TestSshd}, its own host key and an authorized key) stands for the remote host, the
 * console adds {@code qemu+ssh://root@127.0.0.1:PORT/system?keyfile=...&no_verify=1} (libvirt itself
 * goes through that sshd to this machine's libvirtd), adopts a small QEMU domain with a VNC display on
 * the loopback, and the RFB greeting arrives through the console's WebSocket, carried by an
 * {@code ssh -W} channel: sshd's log shows the channel to the display's port. Skipped, saying why,
 * without QEMU, a system libvirtd or sshd ({@code scripts/test} installs and starts them, as root).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "xensv.embedded.pool-name=Libvirt test pool",
        "xensv.embedded.host-prefix=lv${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1"
})
@Timeout(180)
class QemuSshDisplayProxyTest {

    @LocalServerPort
    int port;

    Api api;
    TestSshd sshd;
    String hostId;
    Connect virsh;
    UUID uuid;

    @BeforeEach
    void addTheSystemLibvirtOverSshAsAHost() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64")), "QEMU is missing: apt-get install qemu-system-x86");
        assumeTrue(Files.exists(Path.of("/run/libvirt/libvirt-sock")),
                "libvirtd is not running (scripts/test starts it as root; apt-get install libvirt-daemon-system, then libvirtd -d)");
        assumeTrue("root".equals(System.getProperty("user.name")), "qemu:///system over SSH as root needs the tests to run as root (scripts/test)");
        sshd = TestSshd.start();
        api = new Api(port);
        String poolId = api.get("/api/v1/pools").body().get(0).get("id").asString();
        String uri = "qemu+ssh://root@127.0.0.1:" + sshd.port + "/system?keyfile=" + sshd.key + "&no_verify=1";
        Api.Response added = api.post("/api/v1/hosts", """
                {"poolId": "%s", "name": "qemu-over-ssh", "uri": "%s"}
                """.formatted(poolId, uri));
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        hostId = added.body().get("id").asString();
        assertThat(added.body().get("connection").asString()).as("libvirt over the test's sshd: " + added.raw()).isEqualTo("CONNECTED");
        virsh = new Connect("qemu:///system", false);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (uuid != null) {
            if (api.post("/api/v1/vms/" + uuid + "/hard-shutdown", null).status() == 202) {
                Await.until("halted", () -> api.get("/api/v1/vms/" + uuid).body().get("powerState").asString().equals("HALTED"));
            }
            api.delete("/api/v1/vms/" + uuid);
            Await.until("the VM is gone", () -> api.get("/api/v1/vms/" + uuid).status() == 404);
            try {
                Domain domain = virsh.domainLookupByUUID(uuid);
                if (domain.isActive() == 1) {
                    domain.destroy();
                }
                domain.undefine();
            } catch (LibvirtException gone) {
                // deleted through the console already
            }
        }
        if (hostId != null) {
            api.delete("/api/v1/hosts/" + hostId);
        }
        if (virsh != null) {
            virsh.close();
        }
        if (sshd != null) {
            // libvirt's no_verify=1 accepts the host key into root's known_hosts: forget the test's throwaway key
            new ProcessBuilder("/usr/bin/ssh-keygen", "-R", "[127.0.0.1]:" + sshd.port).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            sshd.close();
        }
    }

    @Test
    void theGreetingOfARemoteVmsVncServerArrivesThroughAnSshTunnel() throws Exception {
        uuid = UUID.randomUUID();
        String name = "xensv-sshvnc-" + uuid.toString().substring(0, 8);
        Domain domain = virsh.domainDefineXML("""
                <domain type='qemu'>
                  <name>%s</name>
                  <uuid>%s</uuid>
                  <memory unit='MiB'>32</memory>
                  <vcpu>1</vcpu>
                  <os><type arch='x86_64'>hvm</type></os>
                  <devices>
                    <graphics type='vnc' port='-1' autoport='yes'><listen type='address' address='127.0.0.1'/></graphics>
                  </devices>
                </domain>
                """.formatted(name, uuid));
        domain.create();
        Matcher vncPort = Pattern.compile("<graphics type='vnc' port='(\\d+)'").matcher(domain.getXMLDesc(0));
        assertThat(vncPort.find()).as("the running domain's VNC port").isTrue();
        Api.Response adopted = api.post("/api/v1/hosts/" + hostId + "/unmanaged-domains/" + uuid + "/adopt", null);
        assertThat(adopted.status()).as(adopted.raw()).isEqualTo(201);
        Await.until(name + " running", () -> api.get("/api/v1/vms/" + uuid).body().get("powerState").asString().equals("RUNNING"));

        CompletableFuture<byte[]> greeting = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (Api.ADMIN + ":" + Api.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/vms/" + uuid + "/console/vnc"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                        byte[] bytes = new byte[data.remaining()];
                        data.get(bytes);
                        greeting.complete(bytes);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                        greeting.completeExceptionally(new AssertionError("closed " + status + ": " + reason));
                        return null;
                    }
                }).get(20, TimeUnit.SECONDS);
        assertThat(new String(greeting.get(60, TimeUnit.SECONDS), StandardCharsets.US_ASCII)).matches("RFB 003\\.00\\d\n");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
        assertThat(sshd.log()).as("the display came through an SSH channel of the host's sshd")
                .contains("server_request_direct_tcpip").contains("target 127.0.0.1 port " + vncPort.group(1));
    }
}
