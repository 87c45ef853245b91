package org.xensv.hypervisor.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainName;
import org.xensv.hypervisor.api.DomainType;
import org.xensv.hypervisor.api.HostUnreachableException;
import org.xensv.hypervisor.api.KernelBoot;
import org.xensv.hypervisor.api.MemoryMiB;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.VcpuCount;
import org.xensv.hypervisor.spi.ConsoleAccess;
import org.xensv.hypervisor.spi.ConsoleInput;
import org.xensv.hypervisor.spi.DomainLifecycle;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.StatsSource;

/**
 * A real Linux guest under QEMU, driven through the SPI on {@code qemu:///system}: Debian's cloud
 * kernel booted directly with an initramfs built here (busybox-static and an /init that prints a banner,
 * a heartbeat a second, and answers each line typed on its serial console). Software emulation (TCG,
 * domain type {@code qemu}), since the KVM of CI machines cannot boot a stock kernel. Skipped, saying
 * why, where QEMU, libvirtd, the kernel or busybox-static are missing ({@code scripts/test} installs and
 * starts them).
 */
@Timeout(180)
class QemuGuestTest {

    private static final URI SYSTEM = URI.create("qemu:///system");
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final String BANNER = "xensv-guest: booted";
    private static final Pattern HEARTBEAT = Pattern.compile("xensv-guest: heartbeat (\\d+)");

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

    private HostConnection connection;
    private Path dir;
    private UUID uuid;

    @BeforeEach
    void connect() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64")), "QEMU is missing: apt-get install qemu-system-x86");
        assumeTrue(Files.exists(Path.of("/run/libvirt/libvirt-sock")),
                "libvirtd is not running (scripts/test starts it; apt-get install libvirt-daemon-system, then libvirtd -d)");
        assumeTrue(Files.isExecutable(BUSYBOX) && isStatic(BUSYBOX), "a static busybox is missing: apt-get install busybox-static");
        Path kernel = kernel();
        assumeTrue(kernel != null, "no kernel in /boot: apt-get install linux-image-cloud-amd64");
        try {
            EventLoop.ensureRunning();
            connection = LibvirtConnection.open(SYSTEM, true);
        } catch (LinkageError | HostUnreachableException e) {
            assumeTrue(false, "qemu:///system cannot be reached: " + e.getMessage());
        }
        // QEMU runs as libvirt-qemu: the files must be reachable by it (libvirt gives it the files, not the directory)
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "xensv-qemu-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(kernel, dir.resolve("vmlinuz"), StandardCopyOption.REPLACE_EXISTING);
        new Initramfs()
                .directory("bin").directory("dev").directory("proc")
                .charDevice("dev/console", 0600, 5, 1)
                .file("bin/busybox", 0755, Files.readAllBytes(BUSYBOX))
                .file("init", 0755, INIT.getBytes(StandardCharsets.UTF_8))
                .writeTo(dir.resolve("initrd.cpio"));
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (connection != null && uuid != null) {
            DomainLifecycle lifecycle = connection.lifecycle();
            if (lifecycle.list().stream().anyMatch(d -> d.uuid().equals(uuid))) {
                if (lifecycle.info(uuid).powerState() != PowerState.HALTED) {
                    lifecycle.hardShutdown(uuid);
                }
                lifecycle.undefine(uuid);
            }
        }
        if (connection != null) {
            connection.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void aLinuxGuestBootsPausesSavesRestoresAndAnswersOnItsSerialConsole() {
        DomainLifecycle lifecycle = connection.lifecycle();
        ConsoleAccess console = connection.require(ConsoleAccess.class, "serial console");
        ConsoleInput input = connection.require(ConsoleInput.class, "serial console input");
        StatsSource stats = connection.require(StatsSource.class, "stats");
        uuid = UUID.randomUUID();
        DomainConfig config = new DomainConfig(uuid, new DomainName("xensv-qemu-" + uuid.toString().substring(0, 8)), DomainType.HVM,
                VcpuCount.of(1), MemoryMiB.of(160), null, null, null, List.of(), List.of(),
                new KernelBoot(dir.resolve("vmlinuz").toString(), dir.resolve("initrd.cpio").toString(), "console=ttyS0 quiet panic=-1"));

        lifecycle.define(config);
        assertThat(lifecycle.info(uuid).powerState()).isEqualTo(PowerState.HALTED);
        assertThat(lifecycle.config(uuid).kernelBoot()).isEqualTo(config.kernelBoot());

        lifecycle.start(uuid);
        String booted = awaitConsole(console, text -> text.contains(BANNER), Duration.ofSeconds(90), "the guest's banner");
        assertThat(booted).contains(BANNER + " on 6.");
        awaitConsole(console, text -> heartbeat(text) >= 2, Duration.ofSeconds(30), "two heartbeats");
        long cpuBefore = stats.domainStats(uuid).cpuTimeNanos();

        lifecycle.pause(uuid);
        assertThat(lifecycle.info(uuid).powerState()).isEqualTo(PowerState.PAUSED);
        lifecycle.unpause(uuid);
        assertThat(lifecycle.info(uuid).powerState()).isEqualTo(PowerState.RUNNING);

        input.writeConsole(uuid, "ping from xensv\n");
        awaitConsole(console, text -> text.contains("xensv-guest: you typed [ping from xensv]"), Duration.ofSeconds(30),
                "the guest's answer to a typed line");
        assertThat(stats.domainStats(uuid).cpuTimeNanos()).isGreaterThan(cpuBefore);

        int beforeSave = heartbeat(console.readConsole(uuid, 4096));
        lifecycle.suspend(uuid);
        assertThat(lifecycle.info(uuid).powerState()).isEqualTo(PowerState.SUSPENDED);
        lifecycle.resume(uuid);
        assertThat(lifecycle.info(uuid).powerState()).isEqualTo(PowerState.RUNNING);
        // the restored guest goes on counting where it was saved, and its console is followed again
        awaitConsole(console, text -> heartbeat(text) > beforeSave + 1, Duration.ofSeconds(30), "a heartbeat after the restore");

        lifecycle.hardShutdown(uuid);
        assertThat(lifecycle.info(uuid).powerState()).isEqualTo(PowerState.HALTED);
        lifecycle.undefine(uuid);
        assertThat(lifecycle.list()).noneMatch(d -> d.uuid().equals(uuid));
        uuid = null;
    }

    private String awaitConsole(ConsoleAccess console, Predicate<String> until, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            text = console.readConsole(uuid, 16 * 1024);
            if (until.test(text)) {
                return text;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no " + what + " on the serial console within " + timeout.toSeconds() + " s; it shows:\n" + text);
    }

    /** The last heartbeat number on the console, 0 if none. */
    private static int heartbeat(String text) {
        Matcher m = HEARTBEAT.matcher(text);
        int last = 0;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }

    /** The newest /boot/vmlinuz-*, or null. */
    private static Path kernel() throws IOException {
        List<Path> kernels = new ArrayList<>();
        try (DirectoryStream<Path> boot = Files.newDirectoryStream(Path.of("/boot"), "vmlinuz-*")) {
            boot.forEach(kernels::add);
        } catch (java.nio.file.NoSuchFileException e) {
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
