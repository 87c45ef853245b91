package org.xensv.toolstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

/**
 * A libvirt host added by URI through the REST API: libvirt's in-process test driver
 * ({@code test:///default}), which starts with one running domain called "test". Skipped, saying
 * why, where libvirt0 is not installed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "xensv.embedded.pool-name=Libvirt test pool",
        "xensv.embedded.host-prefix=lv${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1"
})
class LibvirtHostApiTest {

    @LocalServerPort
    int port;

    Api api;
    String poolId;
    String hostId;

    @BeforeEach
    void addTheTestDriverAsAHost() {
        api = new Api(port);
        poolId = api.get("/api/v1/pools").body().get(0).get("id").asString();
        Api.Response added = api.post("/api/v1/hosts", """
                {"poolId": "%s", "name": "libvirt-test", "uri": "test:///default"}
                """.formatted(poolId));
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        hostId = added.body().get("id").asString();
        assumeTrue(added.body().get("connection").asString().equals("CONNECTED"),
                "libvirt0 is not loadable here (apt-get install libvirt0): " + added.body().get("connectionError"));
    }

    @AfterEach
    void removeTheHost() {
        api.delete("/api/v1/hosts/" + hostId);
    }

    @Test
    void theHostShowsItsHypervisorVersionCpuModelCpusAndMemory() {
        var host = api.get("/api/v1/hosts/" + hostId).body();
        assertThat(host.get("uri").asString()).isEqualTo("test:///default");
        assertThat(host.get("hypervisor").asString()).matches("TEST \\d+\\.\\d+\\.\\d+");
        assertThat(host.get("pcpus").asInt()).isPositive();
        assertThat(host.get("memoryMiB").asLong()).isPositive();
        assertThat(host.get("cpuModel").asString()).isEqualTo("i686"); // what the test driver's node says
    }

    @Test
    void itsOwnDomainIsLeftAloneAndTheHostStaysConnected() {
        String before = api.get("/api/v1/hosts/" + hostId).body().toString();
        // a reconcile round or two pass: the domain "test", unknown to the inventory, neither crashes nor joins it
        Await.until("a reconcile round leaves the host connected",
                () -> api.get("/api/v1/hosts/" + hostId).body().get("connection").asString().equals("CONNECTED"));
        assertThat(api.get("/api/v1/vms").body().valueStream().map(vm -> vm.get("name").asString())).doesNotContain("test");
        Api.Response unmanaged = api.get("/api/v1/hosts/" + hostId + "/unmanaged-domains");
        assertThat(unmanaged.status()).as(unmanaged.raw()).isEqualTo(200);
        assertThat(unmanaged.body().valueStream().map(d -> d.get("name").asString() + " " + d.get("powerState").asString()))
                .contains("test RUNNING");
        assertThat(api.get("/api/v1/hosts/" + hostId).body().toString()).isEqualTo(before);
    }

    @Test
    void aVmIsCreatedStartedPausedAndDestroyedOnTheLibvirtHost() {
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "lv-cycle", "type": "HVM", "vcpus": 1, "memoryMiB": 128, "hostId": "%s", "start": true}
                """.formatted(hostId));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("vm").get("id").asString();
        awaitState(id, "RUNNING");
        assertThat(api.get("/api/v1/hosts/" + hostId + "/unmanaged-domains").body().valueStream()
                .map(d -> d.get("uuid").asString())).doesNotContain(id);

        assertThat(api.post("/api/v1/vms/" + id + "/pause", null).status()).isEqualTo(202);
        awaitState(id, "PAUSED");
        assertThat(api.post("/api/v1/vms/" + id + "/hard-shutdown", null).status()).isEqualTo(202);
        awaitState(id, "HALTED");
        assertThat(api.delete("/api/v1/vms/" + id).status()).isEqualTo(202);
        Await.until("VM is gone", () -> api.get("/api/v1/vms/" + id).status() == 404);
    }

    @Test
    void aMalformedLibvirtUriIsRefusedNamingTheField() {
        Api.Response response = api.post("/api/v1/hosts", """
                {"poolId": "%s", "name": "bad-qemu", "uri": "qemu+ssh:///system"}
                """.formatted(poolId));
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.body().get("field").asString()).isEqualTo("uri");
        assertThat(response.body().get("detail").asString()).contains("must name the remote host");
    }

    @Test
    void aMissingUriIsRefusedNamingTheUrisServed() {
        Api.Response response = api.post("/api/v1/hosts", """
                {"poolId": "%s", "name": "no-uri", "uri": " "}
                """.formatted(poolId));
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.body().get("field").asString()).isEqualTo("uri");
        assertThat(response.body().get("detail").asString()).contains("embedded://", "test:///default", "qemu:///system",
                "qemu+ssh://user@host/system", "xen:///system");
    }

    private void awaitState(String vmId, String state) {
        Await.until("VM " + vmId + " is " + state, () -> {
            var vm = api.get("/api/v1/vms/" + vmId).body();
            return vm.get("powerState").asString().equals(state) && vm.get("currentOperation").isNull();
        });
    }
}
