package org.xensv.toolstack.config;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xensv.toolstack.config.DomainFile.GuestType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class XlCfgTest {

    static List<String> configs() {
        return List.of(
                // PV with kernel, ramdisk, extra/root, old-style disk and a vif on a VLAN
                """
                name = "pv-guest"
                uuid = "4f1c2a9e-0b8d-4c1e-9f3a-2d6b7e8c9a01"
                type = "pv"
                memory = 512
                maxmem = 1024
                vcpus = 2
                maxvcpus = 4
                kernel = "/boot/vmlinuz"
                ramdisk = "/boot/initrd.img"
                root = "/dev/xvda1 ro"
                extra = "console=hvc0"
                on_poweroff = "destroy"; on_reboot = "restart"; on_crash = "coredump-restart"
                disk = [ 'file:/srv/pv.img,xvda,w', 'phy:/dev/vg/swap,xvdb,w' ]
                vif = [ 'mac=00:16:3E:00:00:01, bridge=xenbr0.10, rate=10Mb/s@50ms' ]
                """,
                // PVH, single quotes, hex numbers, lists over several lines with a trailing comma
                """
                # a PVH guest
                name = 'pvh-1'
                type = 'pvh'
                memory = 0x400   # 1 GiB
                vcpus = 0x2
                cpu_weight = 512
                cap = 150
                cmdline = 'root=/dev/xvda console=hvc0 quiet'
                disk = [
                    '/srv/images/pvh.qcow2,qcow2,xvda,rw',
                    'format=raw, vdev=xvdb, access=ro, target=/srv/data,with,commas.img',
                ]
                vif = [
                    'bridge=xenbr1, mac=00:16:3e:aa:bb:cc, model=e1000',
                    'bridge=xenbr2, vlan=42, rate=1MB/s',
                ]
                """,
                // HVM through the older builder key, CD-ROM in both syntaxes, serial
                """
                name="win-hvm"
                builder="hvm"
                memory=4096
                vcpus=4
                on_crash="preserve"
                serial="pty"
                disk=['/dev/vg/win,,hda','/root/win.iso,,hdc,cdrom','raw:/root/drivers.iso,hdd:cdrom,r']
                vif=['model=rtl8139,bridge=xenbr0']
                """,
                // unsupported keys are kept and listed, in a disk and vif too
                """
                name = "extras"
                type = "hvm"
                memory = 256
                vcpus = 1
                vnc = 1
                vnclisten = "0.0.0.0"
                boot = "dc"
                cpus = [ "0-3", "5" ]
                disk = [ 'format=raw, vdev=xvda, access=rw, script=block-iscsi, discard, target=/x.img' ]
                vif = [ 'bridge=xenbr0, ip=10.0.0.2, script=vif-route' ]
                """,
                // an empty CD drive and string-escaped text
                """
                name = "esc"; memory = 64; vcpus = 1
                cmdline = "say \\"hi\\"\\tthere"
                disk = [ ',,hdc,cdrom' ]
                """);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void everyConfigSurvivesARoundTrip(String text) {
        DomainFile first = XlCfg.read(text);
        String written = XlCfg.write(first);
        DomainFile second = XlCfg.read(written);
        assertThat(withoutLines(second)).as(written).isEqualTo(withoutLines(first));
        assertThat(XlCfg.write(second)).isEqualTo(written);
    }

    /** Unsupported settings carry the line they were read from, which moves when the file is rewritten. */
    static DomainFile withoutLines(DomainFile f) {
        return f.withUnsupported(f.unsupported().stream()
                .map(u -> new DomainFile.Unsupported(u.key(), 0, u.value(), u.reason())).toList());
    }

    @Test
    void readsThePvGuestFully() {
        DomainFile f = XlCfg.read(configs().get(0));
        assertThat(f.name()).isEqualTo("pv-guest");
        assertThat(f.uuid()).isEqualTo(UUID.fromString("4f1c2a9e-0b8d-4c1e-9f3a-2d6b7e8c9a01"));
        assertThat(f.type()).isEqualTo(GuestType.PV);
        assertThat(f.memoryMiB()).isEqualTo(512);
        assertThat(f.maxMemoryMiB()).isEqualTo(1024);
        assertThat(f.vcpus()).isEqualTo(2);
        assertThat(f.maxVcpus()).isEqualTo(4);
        assertThat(f.onCrash()).isEqualTo(LifecycleAction.COREDUMP_RESTART);
        assertThat(f.effectiveCmdline()).isEqualTo("root=/dev/xvda1 ro console=hvc0");
        assertThat(f.disks()).containsExactly(
                new DiskSpec("/srv/pv.img", "raw", "xvda", false, false, null, 0, 0, List.of()),
                new DiskSpec("/dev/vg/swap", "raw", "xvdb", false, false, "phy", 0, 0, List.of()));
        assertThat(f.vifs()).containsExactly(new VifSpec("00:16:3e:00:00:01", "xenbr0", 10, "10Mb/s@50ms", null, null, List.of()));
        assertThat(f.unsupported()).isEmpty();
    }

    @Test
    void readsHexListsOverLinesAndBothDiskSyntaxes() {
        DomainFile f = XlCfg.read(configs().get(1));
        assertThat(f.type()).isEqualTo(GuestType.PVH);
        assertThat(f.memoryMiB()).isEqualTo(1024);
        assertThat(f.vcpus()).isEqualTo(2);
        assertThat(f.cpuWeight()).isEqualTo(512);
        assertThat(f.cpuCap()).isEqualTo(150);
        assertThat(f.disks().get(0)).isEqualTo(new DiskSpec("/srv/images/pvh.qcow2", "qcow2", "xvda", false, false, null, 0, 0, List.of()));
        assertThat(f.disks().get(1).target()).isEqualTo("/srv/data,with,commas.img");
        assertThat(f.disks().get(1).readOnly()).isTrue();
        assertThat(f.vifs().get(1).vlan()).isEqualTo(42);
        assertThat(f.vifs().get(0).model()).isEqualTo("e1000");
    }

    @Test
    void builderHvmMeansHvmAndCdromsAreReadOnly() {
        DomainFile f = XlCfg.read(configs().get(2));
        assertThat(f.type()).isEqualTo(GuestType.HVM);
        assertThat(f.serial()).isEqualTo("pty");
        assertThat(f.disks()).extracting(DiskSpec::vdev, DiskSpec::cdrom, DiskSpec::readOnly)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hda", false, false),
                        org.assertj.core.groups.Tuple.tuple("hdc", true, true),
                        org.assertj.core.groups.Tuple.tuple("hdd", true, true));
    }

    @Test
    void unsupportedKeysAreListedWithTheirLines() {
        DomainFile f = XlCfg.read(configs().get(3));
        assertThat(f.unsupported()).extracting(DomainFile.Unsupported::key, DomainFile.Unsupported::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("vnc", 5),
                        org.assertj.core.groups.Tuple.tuple("vnclisten", 6),
                        org.assertj.core.groups.Tuple.tuple("boot", 7),
                        org.assertj.core.groups.Tuple.tuple("cpus", 8));
        assertThat(f.disks().get(0).extra()).containsExactly("script=block-iscsi", "discard");
        assertThat(f.vifs().get(0).extra()).containsExactly("ip=10.0.0.2", "script=vif-route");
    }

    @Test
    void typeOverridesBuilderAndTheBuilderIsListed() {
        DomainFile f = XlCfg.read("name='a'\nbuilder='hvm'\ntype='pv'\n");
        assertThat(f.type()).isEqualTo(GuestType.PV);
        assertThat(f.unsupported()).extracting(DomainFile.Unsupported::key).containsExactly("builder");
    }

    @Test
    void malformedFilesAnswerWithTheLineAndTheReason() {
        ConfigFileException e = catchThrowableOfType(ConfigFileException.class, () -> XlCfg.read("""
                name = "ok"
                memory = 512 512
                type = hvm
                kernel = "/boot/vmlinuz
                disk = [ 'a.img,,xvda'
                vcpus = 2
                = 3
                """));
        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(2, 3, 4, 5, 7);
        assertThat(e.problems().get(0).reason()).contains("expected the end of the line");
        assertThat(e.problems().get(1).reason()).contains("must be quoted (\"hvm\")");
        assertThat(e.problems().get(2).reason()).contains("is not closed");
        assertThat(e.problems().get(3).reason()).contains("list opened on this line is not closed");
        assertThat(e.problems().get(4).reason()).contains("expected a setting name");
        assertThat(e.getMessage()).contains("line 3: ");
    }

    @Test
    void outOfRangeValuesAreNamedOneByOne() {
        ConfigFileException e = catchThrowableOfType(ConfigFileException.class, () -> XlCfg.read("""
                name = "bad name!"
                uuid = "not-a-uuid"
                type = "xen"
                memory = 8
                vcpus = 0x100
                cpu_weight = 0
                cap = 99999
                on_crash = "explode"
                maxmem = "lots"
                disk = [ '/a.img,vmdk,floppy,rx' ]
                vif = [ 'mac=00:16:3e:zz:00:01, bridge=xenbr0.5000, rate=fast' ]
                """));
        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("name", "uuid", "type", "memory",
                "vcpus", "cpu_weight", "cap", "on_crash", "maxmem", "disk[0].format", "disk[0].vdev",
                "disk[0].access", "vif[0].mac", "vif[0].bridge", "vif[0].rate");
        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 11, 11, 11);
        assertThat(e.problems().get(3).reason()).isEqualTo("must be between 16 and 16777216 MiB (got 8)");
        assertThat(e.problems().get(4).reason()).contains("(got 0x100)");
    }

    @Test
    void maxBelowCurrentIsRefused() {
        assertThatThrownBy(() -> XlCfg.read("memory = 512\nmaxmem = 256\nvcpus = 4\nmaxvcpus = 2\n"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("maxmem: must be at least memory (512 MiB), got 256")
                .hasMessageContaining("maxvcpus: must be at least vcpus (4), got 2");
    }

    @Test
    void conflictingVlansAreRefused() {
        assertThatThrownBy(() -> XlCfg.read("vif = [ 'bridge=xenbr0.10, vlan=11' ]"))
                .isInstanceOf(ConfigFileException.class).hasMessageContaining("vif[0].vlan");
    }

    @Test
    void appendingExtendsALaterList() {
        DomainFile f = XlCfg.read("disk = [ '/a.img,,xvda' ]\ndisk += [ '/b.img,,xvdb' ]\n");
        assertThat(f.disks()).extracting(DiskSpec::vdev).containsExactly("xvda", "xvdb");
    }
}
