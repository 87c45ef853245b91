package org.xensv.toolstack.vm;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.xensv.toolstack.host.ConnectionState;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.vm.Placement.Candidate;
import org.xensv.toolstack.vm.Placement.Decision;
import org.xensv.toolstack.vm.Placement.Request;

import static org.assertj.core.api.Assertions.assertThat;

/** The placement rule alone, on made-up hosts: who is eligible, how they rank, anti-affinity, and the reason given. */
class PlacementTest {

    static final UUID POOL = UUID.randomUUID();
    static final UUID OTHER_POOL = UUID.randomUUID();

    static HostView host(String name, int pcpus, long freeMiB) {
        return new HostView(UUID.randomUUID(), POOL, name, "embedded://" + name, ConnectionState.CONNECTED, null, false,
                pcpus, 16384, freeMiB, "xensv-embedded 0.1", "");
    }

    static Candidate idle(HostView host) {
        return new Candidate(host, 0, List.of());
    }

    static Request vm(long memoryMiB, int vcpus) {
        return new Request(memoryMiB, vcpus, null, null, null, null);
    }

    static Request vm(long memoryMiB, int vcpus, String group) {
        return new Request(memoryMiB, vcpus, group, null, null, null);
    }

    @Test
    void theHostWithMostFreeMemoryAndLowestLoadWinsAndTheReasonSaysBoth() {
        HostView h1 = host("host-1", 4, 4096);
        HostView h2 = host("host-2", 4, 12288);

        Decision d = Placement.choose(vm(1024, 1), List.of(new Candidate(h1, 4, List.of()), new Candidate(h2, 2, List.of())));

        assertThat(d.host()).isEqualTo(h2);
        assertThat(d.reason()).isEqualTo("host-2: most free memory (12 GiB) and lowest CPU load (0.5 vCPU/pCPU); "
                + "host-1 scored lower (4 GiB free, CPU load 1 vCPU/pCPU)");
    }

    @Test
    void cpuLoadOutweighsASmallMemoryLead() {
        // host-1 has a little more memory but four times the load per pCPU
        HostView h1 = host("host-1", 4, 8192);
        HostView h2 = host("host-2", 4, 7680);

        Decision d = Placement.choose(vm(512, 1), List.of(new Candidate(h1, 8, List.of()), new Candidate(h2, 1, List.of())));

        assertThat(d.host()).isEqualTo(h2);
        assertThat(d.reason()).startsWith("host-2: lowest CPU load (0.25 vCPU/pCPU), 7.5 GiB free; host-1 scored lower");
    }

    @Test
    void loadIsPerPcpuSoABiggerHostTakesMoreVcpus() {
        HostView small = host("small", 2, 4096);
        HostView big = host("big", 16, 4096);

        Decision d = Placement.choose(vm(256, 2), List.of(new Candidate(small, 2, List.of()), new Candidate(big, 8, List.of())));

        assertThat(d.host()).isEqualTo(big);
    }

    @Test
    void aTieGoesToTheHostFirstByName() {
        HostView b = host("b-host", 4, 2048);
        HostView a = host("a-host", 4, 2048);

        assertThat(Placement.choose(vm(256, 1), List.of(idle(b), idle(a))).host()).isEqualTo(a);
    }

    @Test
    void ineligibleHostsAreSkippedEachWithItsReason() {
        HostView off = new HostView(UUID.randomUUID(), POOL, "off", "xensv+tcp://10.0.0.9:7443", ConnectionState.DISCONNECTED,
                "connection refused", false, 8, 16384, 16384, "", "");
        HostView busy = new HostView(UUID.randomUUID(), POOL, "maint", "embedded://maint", ConnectionState.CONNECTED, null,
                true, 8, 16384, 16384, "", "");
        HostView elsewhere = new HostView(UUID.randomUUID(), OTHER_POOL, "elsewhere", "embedded://elsewhere",
                ConnectionState.CONNECTED, null, false, 8, 16384, 16384, "", "");
        HostView full = host("full", 8, 200);
        HostView narrow = host("narrow", 1, 8192);
        HostView ok = host("ok", 4, 1024);

        Decision d = Placement.choose(new Request(256, 2, null, POOL, null, null),
                List.of(idle(off), idle(busy), idle(elsewhere), idle(full), idle(narrow), idle(ok)));

        assertThat(d.host()).isEqualTo(ok);
        assertThat(d.reason()).startsWith("ok: the only host that can take it (1 GiB free, CPU load 0 vCPU/pCPU)")
                .contains("elsewhere is in another pool")
                .contains("full has too little free memory (200 MiB, the VM needs 256 MiB)")
                .contains("maint is in maintenance mode")
                .contains("narrow has too few pCPUs (1, the VM has 2 vCPUs)")
                .contains("off is not connected (connection refused)");
    }

    @Test
    void aRuntimeAskedForLeavesOutHostsOfAnotherKind() {
        HostView libvirt = new HostView(UUID.randomUUID(), POOL, "kvm", "qemu:///system", ConnectionState.CONNECTED, null,
                false, 32, 65536, 65536, "QEMU 9.0", "");
        HostView embedded = host("emb", 4, 1024);

        Decision d = Placement.choose(new Request(256, 1, null, null, HostView.EMBEDDED_RUNTIME, null),
                List.of(idle(libvirt), idle(embedded)));

        assertThat(d.host()).isEqualTo(embedded);
        assertThat(d.reason()).contains("kvm runs libvirt (QEMU 9.0), not the embedded runtime");
    }

    @Test
    void theHostLeftOutIsNeitherChosenNorNamed() {
        HostView source = host("source", 8, 16384);
        HostView other = host("other", 4, 2048);

        Decision d = Placement.choose(new Request(256, 1, null, null, null, source.id()), List.of(idle(source), idle(other)));

        assertThat(d.host()).isEqualTo(other);
        assertThat(d.reason()).doesNotContain("source");
    }

    @Test
    void noHostAnswersWithoutOneAndSaysWhyEachWasRefused() {
        HostView full = host("full", 4, 100);

        Decision d = Placement.choose(vm(256, 1), List.of(idle(full)));

        assertThat(d.found()).isFalse();
        assertThat(d.reason()).isEqualTo("No host can take a VM of 256 MiB and 1 vCPU: full has too little free memory "
                + "(100 MiB, the VM needs 256 MiB)");
    }

    @Test
    void antiAffinityAvoidsAHostWithAVmOfTheGroupEvenWhenItIsRoomier() {
        HostView h1 = host("host-1", 8, 12288);
        HostView h2 = host("host-2", 4, 4096);

        Decision d = Placement.choose(vm(512, 1, "web"),
                List.of(new Candidate(h1, 0, List.of("web-1")), new Candidate(h2, 2, List.of())));

        assertThat(d.host()).isEqualTo(h2);
        assertThat(d.reason()).isEqualTo("host-2: the only one without a VM of anti-affinity group 'web' "
                + "(4 GiB free, CPU load 0.5 vCPU/pCPU); host-1 already has web-1 of anti-affinity group 'web'");
    }

    @Test
    void antiAffinityIsSoftWhenEveryHostHasAVmOfTheGroupTheOneWithFewestIsChosenAndTheReasonSaysSo() {
        HostView h1 = host("host-1", 4, 8192);
        HostView h2 = host("host-2", 4, 4096);
        HostView h3 = host("host-3", 4, 2048);

        Decision d = Placement.choose(vm(512, 1, "db"), List.of(
                new Candidate(h1, 0, List.of("db-1", "db-3")),
                new Candidate(h2, 1, List.of("db-2")),
                new Candidate(h3, 1, List.of("db-4"))));

        assertThat(d.host()).isEqualTo(h2);
        assertThat(d.reason()).startsWith("host-2: every host that can take it already has a VM of anti-affinity group 'db';"
                        + " it has the fewest (db-2), most free memory (4 GiB) and lowest CPU load (0.25 vCPU/pCPU)")
                .contains("host-1 already has db-1, db-3 of anti-affinity group 'db'")
                .contains("host-3 scored lower (2 GiB free, CPU load 0.25 vCPU/pCPU)");
    }

    @Test
    void withoutAGroupVmsOfGroupsDoNotMatter() {
        HostView h1 = host("host-1", 4, 8192);
        HostView h2 = host("host-2", 4, 4096);

        Decision d = Placement.choose(vm(512, 1), List.of(new Candidate(h1, 0, List.of()), new Candidate(h2, 0, List.of())));

        assertThat(d.host()).isEqualTo(h1);
        assertThat(d.reason()).doesNotContain("anti-affinity");
    }

    @Test
    void memoryAndLoadAreWrittenTheWayAnAdminReadsThem() {
        assertThat(Placement.memory(768)).isEqualTo("768 MiB");
        assertThat(Placement.memory(1024)).isEqualTo("1 GiB");
        assertThat(Placement.memory(1536)).isEqualTo("1.5 GiB");
        assertThat(Placement.load(0)).isEqualTo("0");
        assertThat(Placement.load(0.5)).isEqualTo("0.5");
        assertThat(Placement.load(1.25)).isEqualTo("1.25");
        assertThat(Placement.load(2)).isEqualTo("2");
    }
}
