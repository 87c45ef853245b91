package org.xensv.toolstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent;
import org.xensv.toolstack.support.Api;
import org.xensv.toolstack.support.Await;

/**
 * What {@code virsh} does to a libvirt host behind the console's back, played by a second
 * libvirt-java connection to {@code test:///default} (the test driver's state is shared within the
 * process). The periodic resync is set to ten minutes here, so what the console shows within the
 * test came from libvirt's domain events. Skipped, saying why, where libvirt0 is not installed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "xensv.embedded.pool-name=Libvirt events pool",
        "xensv.embedded.host-prefix=ev${random.int[1000,9999]}-h",
        "xensv.embedded.hosts=1",
        "xensv.reconcile.interval=PT10M"
})
class LibvirtBehindTheBackTest {

    @LocalServerPort
    int port;
    @Autowired
    EventBus events;

    Api api;
    String poolId;
    String hostId;
    Connect virsh;
    final List<String> vmsMade = new ArrayList<>();
    final List<UUID> domainsMade = new ArrayList<>();

    @BeforeEach
    void addTheTestDriverAsAHost() throws LibvirtException {
        api = new Api(port);
        poolId = api.get("/api/v1/pools").body().get(0).get("id").asString();
        Api.Response added = api.post("/api/v1/hosts", """
                {"poolId": "%s", "name": "libvirt-events", "uri": "test:///default"}
                """.formatted(poolId));
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        hostId = added.body().get("id").asString();
        assumeTrue(added.body().get("connection").asString().equals("CONNECTED"),
                "libvirt0 is not loadable here (apt-get install libvirt0): " + added.body().get("connectionError"));
        virsh = new Connect("test:///default", false);
    }

    @AfterEach
    void cleanUp() throws LibvirtException {
        for (String vm : vmsMade) {
            var view = api.get("/api/v1/vms/" + vm);
            if (view.status() == 200 && !view.body().get("powerState").asString().equals("HALTED")) {
                api.post("/api/v1/vms/" + vm + "/hard-shutdown", null);
                awaitState(vm, "HALTED");
            }
            api.delete("/api/v1/vms/" + vm);
            Await.until("VM " + vm + " is gone", () -> api.get("/api/v1/vms/" + vm).status() == 404);
        }
        if (virsh != null) {
            for (UUID uuid : domainsMade) {
                try {
                    Domain d = virsh.domainLookupByUUID(uuid);
                    if (d.isActive() == 1) {
                        d.destroy();
                    }
                    d.undefine();
                } catch (LibvirtException e) {
                    // already gone
                }
            }
            virsh.close();
        }
        api.delete("/api/v1/hosts/" + hostId);
    }

    @Test
    void aVmOnALibvirtHostHasNoWorkload() {
        String id = created("ev-noload-" + suffix(), false);
        assertThat(api.get("/api/v1/vms/" + id).body().get("workload").isNull()).isTrue();
    }

    @Test
    void aManagedVmPausedResumedAndDestroyedBehindTheConsolesBackShowsItsState() throws LibvirtException {
        String id = created("ev-managed-" + suffix(), true);
        awaitState(id, "RUNNING");
        Domain domain = virsh.domainLookupByUUIDString(id);

        domain.suspend();
        awaitState(id, "PAUSED");
        domain.resume();
        awaitState(id, "RUNNING");
        domain.destroy();
        awaitState(id, "HALTED");
    }

    @Test
    void aDomainDefinedBehindTheConsolesBackIsListedUnmanagedAndGoesWhenUndefined() throws Exception {
        LinkedBlockingQueue<InventoryEvent> seen = new LinkedBlockingQueue<>();
        String name = "ev-virsh-" + suffix();
        try (AutoCloseable subscription = events.subscribe(seen::add)) {
            // the first sight of a domain the inventory lacks: by then the console follows the host's events
            define("ev-first-" + suffix());
            Await.until("the host is said to have changed", () -> seen.stream().anyMatch(this::isOurHostChanged));

            seen.clear();
            UUID uuid = define(name);
            Await.until("the host is said to have changed again", () -> seen.stream().anyMatch(this::isOurHostChanged));
            assertThat(unmanagedNames()).contains(name);

            seen.clear();
            virsh.domainLookupByUUID(uuid).undefine();
            Await.until("the host is said to have changed once more", () -> seen.stream().anyMatch(this::isOurHostChanged));
            assertThat(unmanagedNames()).doesNotContain(name);
        }
    }

    @Test
    void anUnmanagedDomainIsAdoptedAsItRunsWithoutARestart() throws LibvirtException {
        String name = "ev-adopt-" + suffix();
        UUID uuid = define(name);
        Domain domain = virsh.domainLookupByUUID(uuid);
        domain.create();
        long cpuTimeBefore = domain.getInfo().cpuTime;

        Api.Response adopted = api.post("/api/v1/hosts/" + hostId + "/unmanaged-domains/" + uuid + "/adopt", null);
        assertThat(adopted.status()).as(adopted.raw()).isEqualTo(201);
        vmsMade.add(uuid.toString());
        var vm = adopted.body();
        assertThat(vm.get("id").asString()).isEqualTo(uuid.toString());
        assertThat(vm.get("name").asString()).isEqualTo(name);
        assertThat(vm.get("vcpus").asInt()).isEqualTo(2);
        assertThat(vm.get("memoryMiB").asLong()).isEqualTo(96);
        assertThat(vm.get("powerState").asString()).isEqualTo("RUNNING");
        assertThat(vm.get("hostId").asString()).isEqualTo(hostId);
        assertThat(vm.get("workload").isNull()).isTrue();
        assertThat(domain.getID()).as("still the same running domain").isPositive();
        assertThat(domain.getInfo().cpuTime).isGreaterThanOrEqualTo(cpuTimeBefore);
        assertThat(unmanagedNames()).doesNotContain(name);

        // now managed: a pause behind the console's back shows
        domain.suspend();
        awaitState(uuid.toString(), "PAUSED");
    }

    @Test
    void adoptingIsRefusedWhenTheNameIsTakenInTheInventory() throws LibvirtException {
        String name = "ev-taken-" + suffix();
        created(name, false);
        UUID uuid = define(name.toUpperCase());

        Api.Response refused = api.post("/api/v1/hosts/" + hostId + "/unmanaged-domains/" + uuid + "/adopt", null);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
        assertThat(refused.body().get("code").asString()).isEqualTo("VM_NAME_TAKEN");
        assertThat(refused.body().get("detail").asString()).contains(name.toUpperCase()).contains("already has a VM named");
        assertThat(unmanagedNames()).contains(name.toUpperCase());
    }

    @Test
    void adoptIsInTheOpenApiDocument() {
        assertThat(api.get("/api/v1/openapi.json").raw()).contains("/api/v1/hosts/{id}/unmanaged-domains/{uuid}/adopt");
    }

    @Test
    void adoptingADomainTheHostDoesNotHaveIsNotFound() {
        Api.Response refused = api.post("/api/v1/hosts/" + hostId + "/unmanaged-domains/" + UUID.randomUUID() + "/adopt", null);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(404);
    }

    private boolean isOurHostChanged(InventoryEvent e) {
        return e.objectType() == InventoryEvent.ObjectType.HOST && e.kind() == InventoryEvent.Kind.CHANGED
                && e.id().toString().equals(hostId);
    }

    private String created(String name, boolean start) {
        Api.Response created = api.post("/api/v1/vms", """
                {"name": "%s", "type": "HVM", "vcpus": 1, "memoryMiB": 128, "hostId": "%s", "start": %s}
                """.formatted(name, hostId, start));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("vm").get("id").asString();
        vmsMade.add(id);
        return id;
    }

    /** A domain as {@code virsh define} would make it: 2 vCPUs, 96 MiB, no metadata of the console's. */
    private UUID define(String name) throws LibvirtException {
        UUID uuid = UUID.randomUUID();
        virsh.domainDefineXML("""
                <domain type='test'>
                  <name>%s</name>
                  <uuid>%s</uuid>
                  <memory unit='MiB'>96</memory>
                  <vcpu>2</vcpu>
                  <os><type arch='i686'>hvm</type></os>
                </domain>
                """.formatted(name, uuid));
        domainsMade.add(uuid);
        return uuid;
    }

    private List<String> unmanagedNames() {
        Api.Response response = api.get("/api/v1/hosts/" + hostId + "/unmanaged-domains");
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response.body().valueStream().map(d -> d.get("name").asString()).toList();
    }

    private void awaitState(String vmId, String state) {
        Await.until("VM " + vmId + " is " + state, () -> {
            var vm = api.get("/api/v1/vms/" + vmId).body();
            return vm.get("powerState").asString().equals(state) && vm.get("currentOperation").isNull();
        });
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
