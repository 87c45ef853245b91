package org.xensv.toolstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

/**
 * A VM on a real QEMU host moved live to a second libvirt host through the console's API, with the
 * flight report built from libvirt's job statistics: the system libvirtd and the second one
 * scripts/test starts in a mount namespace of its own ({@code XENSV_TEST_LIBVIRT_PEER}), both with
 * {@code accel=tcg} (this machine's /dev/kvm runs no guest). The guest is QEMU with no disk: its
 * firmware finds nothing to boot and idles, a running guest all the same. Skipped, saying why,
 * without the second libvirtd.
 */
@Timeout(300)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "xensv.embedded.pool-name=Libvirt test pool",
        "xensv.embedded.host-prefix=lv${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1"
})
class QemuMigrationApiTest {

    @LocalServerPort
    int port;

    Api api;
    String poolId;
    final List<String> hosts = new ArrayList<>();
    String vm;

    @BeforeEach
    void addTwoQemuHosts() {
        String peer = System.getenv("XENSV_TEST_LIBVIRT_PEER");
        assumeTrue(peer != null && !peer.isBlank(),
                "no second libvirt endpoint: set XENSV_TEST_LIBVIRT_PEER (scripts/test starts one as root)");
        api = new Api(port);
        poolId = api.get("/api/v1/pools").body().get(0).get("id").asString();
        add("qemu-a", "qemu:///system?accel=tcg");
        add("qemu-b", peer + (peer.contains("?") ? "&" : "?") + "accel=tcg");
    }

    private void add(String name, String uri) {
        Api.Response added = api.post("/api/v1/hosts", """
                {"poolId": "%s", "name": "%s", "uri": "%s"}""".formatted(poolId, name, uri));
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        hosts.add(added.body().get("id").asString());
        assumeTrue(added.body().get("connection").asString().equals("CONNECTED"),
                "libvirt host " + uri + " does not answer: " + added.body().get("connectionError"));
    }

    @AfterEach
    void removeTheVmAndTheHosts() {
        if (vm != null) {
            Api.Response stop = api.post("/api/v1/vms/" + vm + "/hard-shutdown", null);
            if (stop.status() == 202) {
                awaitTask(stop.body().get("id").asString());
            }
            api.delete("/api/v1/vms/" + vm);
        }
        for (String host : hosts) {
            Await.until("host " + host + " is removed", () -> api.delete("/api/v1/hosts/" + host).status() == 204);
        }
    }

    @Test
    void aVmOnAQemuHostMovesLiveToAnotherThroughTheApiWithItsFlightReport() {
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "lv-move", "type": "HVM", "vcpus": 1, "memoryMiB": 64, "hostId": "%s", "start": true}
                """.formatted(hosts.get(0)));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        vm = created.body().get("vm").get("id").asString();
        try {
            Await.until("the VM runs on qemu-a", () -> api.get("/api/v1/vms/" + vm).body().get("powerState").asString().equals("RUNNING"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; created: " + created.raw() + "; the VM: " + api.get("/api/v1/vms/" + vm).raw()
                    + "; tasks: " + api.get("/api/v1/tasks").raw(), e);
        }

        var destinations = api.get("/api/v1/vms/" + vm + "/migration-destinations").body();
        assertThat(destinations.valueStream().filter(d -> d.get("hostName").asString().equals("qemu-b")).findFirst().orElseThrow()
                .get("eligible").asBoolean()).isTrue();
        assertThat(destinations.valueStream().filter(d -> !d.get("hostName").asString().startsWith("qemu-"))
                .map(d -> d.get("reason").asString())).allMatch(r -> r.contains("a VM moves only between hosts of one kind"));

        Api.Response migrate = api.post("/api/v1/vms/" + vm + "/migrate", """
                {"hostId": "%s", "bandwidthMbps": 800, "downtimeTargetMs": 300}""".formatted(hosts.get(1)));
        assertThat(migrate.status()).as(migrate.raw()).isEqualTo(202);
        String task = migrate.body().get("id").asString();
        awaitTask(task);
        assertThat(api.get("/api/v1/tasks/" + task).body().get("status").asString()).as(api.get("/api/v1/tasks/" + task).raw())
                .isEqualTo("SUCCESS");

        var moved = api.get("/api/v1/vms/" + vm).body();
        assertThat(moved.get("hostId").asString()).isEqualTo(hosts.get(1));
        assertThat(moved.get("powerState").asString()).isEqualTo("RUNNING");
        var flight = api.get("/api/v1/migrations/" + task).body();
        assertThat(flight.get("phase").asString()).isEqualTo("COMPLETED");
        assertThat(flight.get("prediction").get("totalTime")).isNotNull();
        var report = flight.get("report");
        assertThat(report.get("bytesOnWire").asLong()).isPositive();
        assertThat(report.get("rounds").asInt()).isPositive();
        assertThat(report.get("roundReports").size()).isPositive();
    }

    private void awaitTask(String task) {
        Await.until("task " + task + " ends", () -> {
            String status = api.get("/api/v1/tasks/" + task).body().get("status").asString();
            return status.equals("SUCCESS") || status.equals("FAILURE") || status.equals("CANCELLED");
        });
    }
}
