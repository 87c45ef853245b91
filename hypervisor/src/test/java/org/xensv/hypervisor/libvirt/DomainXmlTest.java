package org.xensv.hypervisor.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xensv.hypervisor.api.CpuQos;
import org.xensv.hypervisor.api.CrashAction;
import org.xensv.hypervisor.api.DiskConfig;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainName;
import org.xensv.hypervisor.api.DomainType;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.KernelBoot;
import org.xensv.hypervisor.api.MemoryMiB;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.VcpuCount;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;

class DomainXmlTest {

    private static final Path VALIDATOR = Path.of("/usr/bin/virt-xml-validate");

    @TempDir
    Path dir;

    static DomainConfig everything(DomainType type) {
        return new DomainConfig(UUID.fromString("0b3a3c1e-7d0c-4d7a-9a63-3f2c1d7e9b11"), new DomainName("web-1"), type,
                VcpuCount.of(2), MemoryMiB.of(512), new WorkloadSpec(WorkloadKind.WEB, 128, 16, 20_000, 7),
                CrashAction.PRESERVE, new CpuQos(512, 150),
                List.of(NicConfig.of("00:16:3e:00:00:01", 1), NicConfig.of("00:16:3e:00:00:02", 42).withRate("10Mb/s@50ms")),
                List.of(new DiskConfig("/var/lib/libvirt/images/web-1.qcow2", 4096, 500, 50_000_000),
                        new DiskConfig("/var/lib/libvirt/images/debian.iso", 700, 0, 0, true)),
                new KernelBoot("/var/lib/libvirt/boot/vmlinuz", "/var/lib/libvirt/boot/initrd.img", "console=ttyS0 quiet"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"test", "kvm", "qemu", "xen"})
    void virtXmlValidateAcceptsWhatTheDriverDefines(String domainType) throws Exception {
        assumeTrue(Files.isExecutable(VALIDATOR), "virt-xml-validate is missing: apt-get install libvirt-clients");
        for (DomainType type : DomainType.values()) {
            String xml = DomainXml.write(everything(type), domainType);
            assertThat(validate(xml)).as("%s %s:%n%s", domainType, type, xml).isEqualTo("");
            assertThat(validate(DomainXml.write(DomainConfig.of("bare", 1, 64), domainType))).isEqualTo("");
            assertThat(validate(DomainXml.withCpuQos(xml, new CpuQos(100, 0)))).isEqualTo("");
        }
    }

    @Test
    void theConfigReadBackIsTheConfigWritten() {
        for (DomainType type : DomainType.values()) {
            DomainConfig config = everything(type);
            assertThat(DomainXmlReader.read(DomainXml.write(config, "test"))).isEqualTo(config);
        }
    }

    @Test
    void weightAndCapBecomeSharesAndAGlobalQuota() {
        String xml = DomainXml.write(everything(DomainType.HVM), "kvm");
        assertThat(xml).contains("<shares>512</shares>", "<global_period>100000</global_period>", "<global_quota>150000</global_quota>",
                "<tag id=\"42\"/>", "<total_iops_sec>500</total_iops_sec>", "<on_crash>preserve</on_crash>", "<type>hvm</type>");
        String retuned = DomainXml.withCpuQos(xml, new CpuQos(64, 0));
        assertThat(DomainXmlReader.read(retuned).cpuQos()).isEqualTo(new CpuQos(64, 0));
        assertThat(retuned).doesNotContain("global_quota");
    }

    @Test
    void aDirectKernelBootIsWrittenInOsAndTheSerialConsoleOnAPty() {
        String xml = DomainXml.write(everything(DomainType.HVM), "qemu");
        assertThat(xml).contains("<kernel>/var/lib/libvirt/boot/vmlinuz</kernel>", "<initrd>/var/lib/libvirt/boot/initrd.img</initrd>",
                "<cmdline>console=ttyS0 quiet</cmdline>", "<serial type=\"pty\">", "<target port=\"0\" type=\"serial\"/>");
        assertThat(DomainXml.write(DomainConfig.of("bare", 1, 64), "qemu")).doesNotContain("<kernel>");
        assertThat(DomainXml.write(everything(DomainType.PV), "xen")).doesNotContain("<serial").contains("<target port=\"0\" type=\"xen\"/>");
    }

    @Test
    void anHvmGuestHasAcpiForItsPowerButtonAndPciHotPlugAndAPvOneNone() {
        assertThat(DomainXml.write(everything(DomainType.HVM), "kvm")).contains("<features>", "<acpi/>", "<apic/>");
        assertThat(DomainXml.write(everything(DomainType.PV), "xen")).doesNotContain("<acpi/>");
    }

    @Test
    void theVncDisplayListensOnTheHostsLoopbackOnAPortLibvirtPicks() {
        assertThat(DomainXml.write(everything(DomainType.HVM), "qemu"))
                .contains("<graphics autoport=\"yes\" port=\"-1\" type=\"vnc\">", "<listen address=\"127.0.0.1\" type=\"address\"/>");
    }

    @Test
    void aKernelBootNeedsAbsolutePathsAndOneLineOfCommandLine() {
        assertThatThrownBy(() -> new KernelBoot("vmlinuz", null, "")).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("kernelBoot.kernel");
        assertThatThrownBy(() -> new KernelBoot("/boot/vmlinuz", "initrd.img", "")).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("kernelBoot.initrd");
        assertThatThrownBy(() -> new KernelBoot("/boot/vmlinuz", null, "console=ttyS0\ninit=/bin/sh")).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("kernelBoot.cmdline");
        assertThat(new KernelBoot("/boot/vmlinuz", null, null).cmdline()).isEmpty();
    }

    @Test
    void aPvGuestOnXenIsAXenOsType() {
        assertThat(DomainXml.write(everything(DomainType.PV), "xen")).contains("<type>xen</type>");
    }

    @Test
    void aDiskWithoutAnAbsolutePathIsRefusedNamingTheField() {
        assertThatThrownBy(() -> DomainXml.write(DomainConfig.of("d", 1, 64).withDisks(List.of(DiskConfig.ofSize(10))), "test"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("disk.path")
                .hasMessageContaining("absolute");
    }

    private String validate(String xml) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "domain", ".xml");
        Files.writeString(file, xml);
        Process p = new ProcessBuilder(VALIDATOR.toString(), file.toString(), "domain").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 ? "" : out;
    }
}
