package org.xensv.toolstack.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.xensv.toolstack.config.DomainFile.GuestType;
import org.xensv.toolstack.config.LibvirtXml.Hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round trips over many generated domains (seeded, so a failure repeats): strings with quotes,
 * backslashes, '#', ';' and newlines; every guest type and lifecycle action; disks and NICs of every
 * shape the writers emit.
 */
class RandomRoundTripTest {

    private static final String NASTY = "ab\"'\\#;=,[] \t\nxyz0";

    @Test
    void generatedDomainsSurviveXlCfg() {
        Random random = new Random(20261128);
        for (int i = 0; i < 500; i++) {
            DomainFile f = domain(random, i, true);
            String text = XlCfg.write(f);
            assertThat(XlCfg.read(text)).as(text).isEqualTo(f);
        }
    }

    @Test
    void generatedDomainsSurviveLibvirtXml() {
        Random random = new Random(1128);
        for (int i = 0; i < 300; i++) {
            DomainFile f = domain(random, i, false);
            Hypervisor hv = Hypervisor.values()[random.nextInt(3)];
            String xml = LibvirtXml.write(f, hv);
            assertThat(LibvirtXml.read(xml)).as(xml).isEqualTo(f);
        }
    }

    private static DomainFile domain(Random r, int i, boolean xl) {
        GuestType type = GuestType.values()[r.nextInt(3)];
        long memory = 16 + r.nextInt(100_000);
        Long maxmem = r.nextBoolean() ? memory + r.nextInt(1000) : null;
        int vcpus = 1 + r.nextInt(64);
        Integer maxVcpus = r.nextBoolean() ? vcpus + r.nextInt(64) : null;
        Integer cap = r.nextBoolean() ? 1 + r.nextInt(100 * vcpus) : null;
        List<DiskSpec> disks = new ArrayList<>();
        for (int d = r.nextInt(4); d > 0; d--) {
            boolean cdrom = r.nextInt(4) == 0;
            String target = cdrom && r.nextBoolean() ? null
                    : r.nextBoolean() ? "/dev/vg/v" + r.nextInt(99) : "/srv/img " + text(r) .replace("\n", "") .replace("\t", "") + ".img";
            String backend = target != null && target.startsWith("/dev/") ? "phy" : null;
            String format = target == null ? "raw" : List.of("raw", "qcow2", "vhd").get(r.nextInt(3));
            disks.add(new DiskSpec(target, format, List.of("xvd", "hd", "sd", "vd").get(r.nextInt(4)) + (char) ('a' + d),
                    cdrom || r.nextBoolean(), cdrom, backend, xl ? 0 : r.nextInt(3) * 100, xl ? 0 : r.nextInt(3) * 1_000_000L,
                    List.of()));
        }
        List<VifSpec> vifs = new ArrayList<>();
        for (int v = r.nextInt(3); v > 0; v--) {
            String mac = r.nextBoolean() ? String.format("00:16:3e:%02x:%02x:%02x", r.nextInt(256), r.nextInt(256), r.nextInt(256)) : null;
            boolean network = !xl && r.nextInt(3) == 0;
            String bridge = network ? null : r.nextBoolean() ? "xenbr" + r.nextInt(4) : null;
            Integer vlan = bridge != null && r.nextBoolean() ? 1 + r.nextInt(4094) : null;
            // libvirt carries whole KB/s and a whole-KB burst: rates of 100 KB/s steps refilled every 10 ms steps fit exactly
            String rate = r.nextBoolean() ? (1 + r.nextInt(999)) * 100 + "KB/s@" + (1 + r.nextInt(100)) * 10 + "ms" : null;
            vifs.add(new VifSpec(mac, bridge, vlan, rate, r.nextBoolean() ? "e1000" : null, network ? "default" : null, List.of()));
        }
        String cmdline = r.nextBoolean() ? "root=/dev/xvda " + (xl ? text(r) : text(r).replace("\t", " ").strip()) : null;
        return new DomainFile("vm-" + i, r.nextBoolean() ? UUID.randomUUID() : null, type, memory, maxmem, vcpus,
                maxVcpus, r.nextBoolean() ? 1 + r.nextInt(65535) : null, cap, action(r, xl), action(r, xl),
                action(r, true), r.nextBoolean() ? "/boot/" + text(r).replace("\n", "") : null,
                r.nextBoolean() ? "/boot/initrd" : null, cmdline, null, null, r.nextBoolean() ? "pty" : null,
                disks, vifs, List.of());
    }

    private static LifecycleAction action(Random r, boolean any) {
        if (r.nextBoolean()) {
            return null;
        }
        List<LifecycleAction> all = List.of(LifecycleAction.values()).stream()
                .filter(a -> any || a.libvirtOffAction()).toList();
        return all.get(r.nextInt(all.size()));
    }

    private static String text(Random r) {
        StringBuilder s = new StringBuilder();
        for (int n = r.nextInt(12); n > 0; n--) {
            s.append(NASTY.charAt(r.nextInt(NASTY.length())));
        }
        return s.toString();
    }
}
