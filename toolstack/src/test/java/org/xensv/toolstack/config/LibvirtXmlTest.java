package org.xensv.toolstack.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xensv.toolstack.config.DomainFile.GuestType;
import org.xensv.toolstack.config.LibvirtXml.Hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LibvirtXmlTest {

    static final Path VALIDATOR = Path.of("/usr/bin/virt-xml-validate");
    /** virt-xml-validate runs xmllint (Debian package libxml2-utils). */
    static final Path XMLLINT = Path.of("/usr/bin/xmllint");

    /** A domain with every field libvirt carries, in the forms it carries them exactly (rates in whole KB/s). */
    static DomainFile full(GuestType type) {
        return new DomainFile("full-" + type.xlName(), UUID.fromString("7a3e54c2-91d0-4b8e-a6f1-0c2d3e4f5a6b"), type,
                1024L, 2048L, 2, 4, 512, 150, LifecycleAction.DESTROY, LifecycleAction.RESTART,
                LifecycleAction.COREDUMP_RESTART, "/boot/vmlinuz", "/boot/initrd.img", "root=/dev/xvda1 console=hvc0",
                null, null, "pty",
                List.of(new DiskSpec("/srv/root.qcow2", "qcow2", "xvda", false, false, null, 500, 20_000_000, List.of()),
                        new DiskSpec("/dev/vg/data", "raw", "xvdb", false, false, "phy", 0, 0, List.of()),
                        new DiskSpec("/srv/tools.iso", "raw", "hdc", true, true, null, 0, 0, List.of()),
                        new DiskSpec(null, "raw", "hdd", true, true, null, 0, 0, List.of())),
                List.of(new VifSpec("00:16:3e:00:00:01", "xenbr0", 10, "1000KB/s@50ms", "e1000", null, List.of()),
                        new VifSpec("00:16:3e:00:00:02", null, null, null, null, "default", List.of()),
                        new VifSpec(null, "xenbr1", null, null, null, null, List.of())),
                List.of());
    }

    static DomainFile minimal() {
        return new DomainFile("tiny", null, null, 64L, null, 1, null, null, null, null, null, null, null, null, null,
                null, null, null, List.of(), List.of(), List.of());
    }

    static Stream<Arguments> everyDomainForEveryHypervisor() {
        List<DomainFile> files = new ArrayList<>();
        for (GuestType t : GuestType.values()) {
            files.add(full(t));
        }
        files.add(minimal());
        XlCfgTest.configs().forEach(text -> files.add(XlCfg.read(text)));
        List<Arguments> args = new ArrayList<>();
        for (DomainFile f : files) {
            for (Hypervisor hv : Hypervisor.values()) {
                args.add(Arguments.of(f.name() + " on " + hv, f, hv));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyDomainForEveryHypervisor")
    void everyExportedDocumentPassesVirtXmlValidate(String label, DomainFile file, Hypervisor hv, @TempDir Path dir)
            throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(VALIDATOR) && Files.isExecutable(XMLLINT),
                "virt-xml-validate and xmllint (Debian packages libvirt-clients and libxml2-utils) are not installed: "
                + "apt-get install -y --no-install-recommends libvirt-clients libxml2-utils");
        String xml = LibvirtXml.write(file, hv);
        Path doc = dir.resolve("domain.xml");
        Files.writeString(doc, xml);
        Process p = new ProcessBuilder(VALIDATOR.toString(), doc.toString(), "domain").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output + "\n" + xml).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyDomainForEveryHypervisor")
    void everyDocumentReadsBackToTheSameDomain(String label, DomainFile file, Hypervisor hv) {
        DomainFile once = LibvirtXml.read(LibvirtXml.write(file, hv));
        String written = LibvirtXml.write(once, hv);
        DomainFile twice = LibvirtXml.read(written);
        assertThat(twice).as(written).isEqualTo(once);
        assertThat(LibvirtXml.write(twice, hv)).isEqualTo(written);
    }

    @Test
    void aFullDomainSurvivesExactlyOnXen() {
        for (GuestType t : GuestType.values()) {
            DomainFile f = full(t);
            assertThat(LibvirtXml.read(LibvirtXml.write(f, Hypervisor.XEN))).isEqualTo(f);
        }
    }

    @Test
    void aPvGuestOnKvmKeepsItsTypeInXensvMetadata() {
        String xml = LibvirtXml.write(full(GuestType.PV), Hypervisor.KVM);
        assertThat(xml).contains("<type>hvm</type>").contains("xensv:domain").contains("type=\"pv\"");
        assertThat(LibvirtXml.read(xml).type()).isEqualTo(GuestType.PV);
    }

    @Test
    void writesTheMappedElements() {
        String xml = LibvirtXml.write(full(GuestType.HVM), Hypervisor.XEN);
        assertThat(xml).contains("<domain type=\"xen\">")
                .contains("<memory unit=\"MiB\">2048</memory>").contains("<currentMemory unit=\"MiB\">1024</currentMemory>")
                .contains("<vcpu current=\"2\" placement=\"static\">4</vcpu>")
                .contains("<shares>512</shares>").contains("<global_quota>150000</global_quota>")
                .contains("<on_crash>coredump-restart</on_crash>")
                .contains("<total_iops_sec>500</total_iops_sec>").contains("<total_bytes_sec>20000000</total_bytes_sec>")
                .contains("<source dev=\"/dev/vg/data\"/>").contains("<target bus=\"ide\" dev=\"hdc\"/>")
                .contains("<tag id=\"10\"/>").contains("<inbound average=\"1000\" burst=\"50\"/>")
                .contains("<source network=\"default\"/>").contains("<serial type=\"pty\">");
    }

    @Test
    void importListsWhatItDoesNotMapAndNamesBadValuesOneByOne() {
        DomainFile f = LibvirtXml.read("""
                <domain type='kvm'>
                  <name>imported</name>
                  <memory unit='GiB'>2</memory>
                  <vcpu>2</vcpu>
                  <os><type arch='x86_64'>hvm</type><boot dev='network'/></os>
                  <features><acpi/></features>
                  <devices>
                    <emulator>/usr/bin/qemu-system-x86_64</emulator>
                    <graphics type='vnc'/>
                  </devices>
                </domain>
                """);
        assertThat(f.memoryMiB()).isEqualTo(2048);
        assertThat(f.unsupported()).extracting(DomainFile.Unsupported::key, DomainFile.Unsupported::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("os/boot", 5),
                        org.assertj.core.groups.Tuple.tuple("features", 6),
                        org.assertj.core.groups.Tuple.tuple("devices/emulator", 8),
                        org.assertj.core.groups.Tuple.tuple("devices/graphics", 9));

        ConfigFileException e = catchThrowableOfType(ConfigFileException.class, () -> LibvirtXml.read("""
                <domain type='xen'>
                  <name>bad name</name>
                  <memory unit='MiB'>4</memory>
                  <vcpu>500</vcpu>
                  <cputune><shares>0</shares></cputune>
                  <on_crash>explode</on_crash>
                  <devices>
                    <interface type='bridge'><mac address='zz'/><vlan><tag id='9999'/></vlan></interface>
                  </devices>
                </domain>
                """));
        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(2, 3, 4, 5, 6, 8, 8);
        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("name", "memory", "vcpu",
                "cputune/shares", "on_crash", "devices/interface[1]/mac", "devices/interface[1]/vlan/tag");
    }

    @Test
    void malformedXmlNamesTheLine() {
        ConfigFileException e = catchThrowableOfType(ConfigFileException.class,
                () -> LibvirtXml.read("<domain type='kvm'>\n  <name>x</name>\n  <memory>1024</mem>\n</domain>\n"));
        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).line()).isEqualTo(3);
        assertThat(e.problems().get(0).reason()).startsWith("not well-formed XML");
    }

    @Test
    void externalEntitiesAreRefused() {
        ConfigFileException e = catchThrowableOfType(ConfigFileException.class, () -> LibvirtXml.read(
                "<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain type='kvm'><name>&x;</name></domain>"));
        assertThat(e).as("a document with an external entity must be refused").isNotNull();
        assertThat(e.getMessage()).doesNotContain("root:");
    }

}
