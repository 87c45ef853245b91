package org.xensv.hypervisor.libvirt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainName;
import org.xensv.hypervisor.api.DomainType;
import org.xensv.hypervisor.api.HostUnreachableException;
import org.xensv.hypervisor.api.KernelBoot;
import org.xensv.hypervisor.api.MemoryMiB;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.VcpuCount;
import org.xensv.hypervisor.spi.DomainLifecycle;
import org.xensv.hypervisor.spi.HostConnection;

/**
 * A real Linux guest for the QEMU tests: Debian's cloud kernel (8250 serial console and virtio built in)
 * and an initramfs written here, busybox-static and an /init that prints a banner and a heartbeat a
 * second on ttyS0 and answers each line it reads. Its files live in a directory under /var/tmp that
 * QEMU (user libvirt-qemu) can read. Tests using it are skipped, saying why, where QEMU, libvirtd, the
 * kernel or busybox-static are missing.
 */
final class TinyLinuxGuest implements AutoCloseable {

    static final URI SYSTEM = URI.create("qemu:///system");
    static final String BANNER = "xensv-guest: booted";

    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final String INIT = """
            #!/bin/busybox sh
            /bin/busybox --install -s /bin
            export PATH=/bin
            mount -t proc proc /proc
            mount -t devtmpfs devtmpfs /dev
            echo "%s on $(uname -r)"
            ( n=0; while :; do n=$((n+1)); echo "xensv-guest: heartbeat $n"; sleep 1; done ) &
            while :; do
                if read -r line; then echo "xensv-guest: you typed [$line]"; else sleep 1; fi
            done
            """.formatted(BANNER);

    private final Path dir;

    private TinyLinuxGuest(Path dir) {
        this.dir = dir;
    }

    /** Skips the test, saying why, unless QEMU, a libvirtd on qemu:///system, a kernel and a static busybox are here. */
    static void assumeQemuHere() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64")), "QEMU is missing: apt-get install qemu-system-x86");
        assumeTrue(Files.exists(Path.of("/run/libvirt/libvirt-sock")),
                "libvirtd is not running (scripts/test starts it; apt-get install libvirt-daemon-system, then libvirtd -d)");
        assumeTrue(Files.isExecutable(BUSYBOX) && isStatic(BUSYBOX), "a static busybox is missing: apt-get install busybox-static");
        assumeTrue(kernel() != null, "no kernel in /boot: apt-get install linux-image-cloud-amd64");
    }

    /**
     * A connection defining its domains for QEMU's software emulation (TCG): the KVM of CI machines
     * cannot boot a stock kernel. Skips the test, saying why, if the host cannot be reached.
     */
    static HostConnection connectEmulated(URI uri) {
        try {
            EventLoop.ensureRunning();
            return LibvirtConnection.open(uri, true);
        } catch (LinkageError | HostUnreachableException e) {
            assumeTrue(false, uri + " cannot be reached: " + e.getMessage());
            throw e;
        }
    }

    /** The kernel and a fresh initramfs, in a new directory QEMU can read. */
    static TinyLinuxGuest build() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/var/tmp"), "xensv-qemu-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(kernel(), dir.resolve("vmlinuz"), StandardCopyOption.REPLACE_EXISTING);
        new Initramfs()
                .directory("bin").directory("dev").directory("proc")
                .charDevice("dev/console", 0600, 5, 1)
                .file("bin/busybox", 0755, Files.readAllBytes(BUSYBOX))
                .file("init", 0755, INIT.getBytes(StandardCharsets.UTF_8))
                .writeTo(dir.resolve("initrd.cpio"));
        return new TinyLinuxGuest(dir);
    }

    /** A 160 MiB, one-vCPU HVM domain booting this kernel and initramfs with its console on ttyS0. */
    DomainConfig config(UUID uuid) {
        return new DomainConfig(uuid, new DomainName("xensv-qemu-" + uuid.toString().substring(0, 8)), DomainType.HVM,
                VcpuCount.of(1), MemoryMiB.of(160), null, null, null, List.of(), List.of(),
                new KernelBoot(dir.resolve("vmlinuz").toString(), dir.resolve("initrd.cpio").toString(), "console=ttyS0 quiet panic=-1"));
    }

    /** Destroys and undefines the domain on that host if it is there. */
    static void remove(HostConnection connection, UUID uuid) {
        DomainLifecycle lifecycle = connection.lifecycle();
        if (lifecycle.list().stream().anyMatch(d -> d.uuid().equals(uuid))) {
            if (lifecycle.info(uuid).powerState() != PowerState.HALTED) {
                lifecycle.hardShutdown(uuid);
            }
            lifecycle.undefine(uuid);
        }
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The newest readable /boot/vmlinuz-*, or null. */
    private static Path kernel() throws IOException {
        List<Path> kernels = new ArrayList<>();
        try (DirectoryStream<Path> boot = Files.newDirectoryStream(Path.of("/boot"), "vmlinuz-*")) {
            boot.forEach(kernels::add);
        } catch (NoSuchFileException e) {
            return null;
        }
        return kernels.stream().filter(Files::isReadable).max(Comparator.naturalOrder()).orElse(null);
    }

    /** A dynamically linked ELF names its loader; busybox-static names none. */
    private static boolean isStatic(Path elf) throws IOException {
        byte[] head;
        try (var in = Files.newInputStream(elf)) {
            head = in.readNBytes(4096);
        }
        return !new String(head, StandardCharsets.ISO_8859_1).contains("ld-linux");
    }
}
