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

/**
 * The VNC proxy in front of a real QEMU display: a small domain (no disk: its BIOS draws "no bootable
 * device" on the screen) runs under software emulation on {@code qemu:///system} with a VNC display on
 * the loopback, the console adopts it, and the RFB server's greeting arrives through the console's
 * WebSocket, as noVNC would read it. Skipped, saying why, where QEMU or a system libvirtd is missing
 * ({@code scripts/test} installs and starts them, as root).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "xensv.embedded.pool-name=Libvirt test pool",
        "xensv.embedded.host-prefix=lv${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1"
})
@Timeout(180)
class QemuDisplayProxyTest {

    @LocalServerPort
    int port;

    Api api;
    String hostId;
    Connect virsh;
    UUID uuid;

    @BeforeEach
    void addTheSystemLibvirtAsAHost() throws LibvirtException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64")), "QEMU is missing: apt-get install qemu-system-x86");
        assumeTrue(Files.exists(Path.of("/run/libvirt/libvirt-sock")),
                "libvirtd is not running (scripts/test starts it as root; apt-get install libvirt-daemon-system, then libvirtd -d)");
        api = new Api(port);
        String poolId = api.get("/api/v1/pools").body().get(0).get("id").asString();
        Api.Response added = api.post("/api/v1/hosts", """
                {"poolId": "%s", "name": "qemu-display", "uri": "qemu:///system"}
                """.formatted(poolId));
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        hostId = added.body().get("id").asString();
        assumeTrue(added.body().get("connection").asString().equals("CONNECTED"),
                "qemu:///system cannot be reached: " + added.body().get("connectionError"));
        virsh = new Connect("qemu:///system", false);
    }

    @AfterEach
    void cleanUp() throws LibvirtException {
        if (uuid != null) {
            // through the console first, waiting for each task: a VM the console still holds is defined again
            // by its recovery if the domain disappears underneath it
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
    }

    @Test
    void theGreetingOfTheVmsVncServerArrivesThroughTheConsolesWebSocket() throws Exception {
        uuid = UUID.randomUUID();
        String name = "xensv-vnc-" + uuid.toString().substring(0, 8);
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
        assertThat(new String(greeting.get(30, TimeUnit.SECONDS), StandardCharsets.US_ASCII)).matches("RFB 003\\.00\\d\n");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
    }
}
