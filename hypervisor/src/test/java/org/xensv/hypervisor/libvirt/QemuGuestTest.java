package org.xensv.hypervisor.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.ConsoleAccess;
import org.xensv.hypervisor.spi.ConsoleInput;
import org.xensv.hypervisor.spi.DisplayStream;
import org.xensv.hypervisor.spi.DomainLifecycle;
import org.xensv.hypervisor.spi.GraphicsConsole;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.StatsSource;

/**
 * A real Linux guest under QEMU ({@link TinyLinuxGuest}), driven through the SPI on
 * {@code qemu:///system} under software emulation (TCG, domain type {@code qemu}), since the KVM of CI
 * machines cannot boot a stock kernel. Skipped, saying why, where QEMU, libvirtd, the kernel or
 * busybox-static are missing ({@code scripts/test} installs and starts them).
 */
@Timeout(180)
class QemuGuestTest {

    private static final String BANNER = TinyLinuxGuest.BANNER;
    private static final Pattern HEARTBEAT = Pattern.compile("xensv-guest: heartbeat (\\d+)");

    private HostConnection connection;
    private TinyLinuxGuest guest;
    private UUID uuid;

    @BeforeEach
    void connect() throws IOException {
        TinyLinuxGuest.assumeQemuHere();
        connection = TinyLinuxGuest.connectEmulated(TinyLinuxGuest.SYSTEM);
        guest = TinyLinuxGuest.build();
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (connection != null && uuid != null) {
            TinyLinuxGuest.remove(connection, uuid);
        }
        if (connection != null) {
            connection.close();
        }
        if (guest != null) {
            guest.close();
        }
    }

    @Test
    void aLinuxGuestBootsPausesSavesRestoresAndAnswersOnItsSerialConsole() throws IOException {
        DomainLifecycle lifecycle = connection.lifecycle();
        ConsoleAccess console = connection.require(ConsoleAccess.class, "serial console");
        ConsoleInput input = connection.require(ConsoleInput.class, "serial console input");
        StatsSource stats = connection.require(StatsSource.class, "stats");
        uuid = UUID.randomUUID();
        DomainConfig config = guest.config(uuid);

        lifecycle.define(config);
        assertThat(lifecycle.info(uuid).powerState()).isEqualTo(PowerState.HALTED);
        assertThat(lifecycle.config(uuid).kernelBoot()).isEqualTo(config.kernelBoot());

        lifecycle.start(uuid);
        String booted = awaitConsole(console, text -> text.contains(BANNER), Duration.ofSeconds(90), "the guest's banner");
        assertThat(booted).contains(BANNER + " on 6.");
        awaitConsole(console, text -> heartbeat(text) >= 2, Duration.ofSeconds(30), "two heartbeats");
        assertThat(rfbGreeting(connection.require(GraphicsConsole.class, "graphical console").openVnc(uuid)))
                .as("the VNC server of the guest's display greets in RFB").matches("RFB 003\\.00\\d\n");
        long cpuBefore = stats.domainStats(uuid).cpuTimeNanos();

        lifecycle.pause(uuid);
        assertThat(lifecycle.info(uuid).powerState()).isEqualTo(PowerState.PAUSED);
        lifecycle.unpause(uuid);
        assertThat(lifecycle.info(uuid).powerState()).isEqualTo(PowerState.RUNNING);

        input.writeConsole(uuid, "ping from xensv\n");
        awaitConsole(console, text -> text.contains("xensv-guest: you typed [ping from xensv]"), Duration.ofSeconds(30),
                "the guest's answer to a typed line");
        awaitCpuTimeAbove(stats, cpuBefore);

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

    /** The first 12 bytes a VNC server sends: its protocol version. */
    static String rfbGreeting(DisplayStream display) throws IOException {
        try (display) {
            return new String(display.input().readNBytes(12), StandardCharsets.US_ASCII);
        }
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

    /**
     * The guest's CPU time goes on from where it was. libvirt reads it from the QEMU process, which the kernel accounts
     * in clock ticks, so a guest that only answered a line may not have used up the next tick yet: wait for it.
     */
    private void awaitCpuTimeAbove(StatsSource stats, long before) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long now = stats.domainStats(uuid).cpuTimeNanos();
        while (now <= before && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = stats.domainStats(uuid).cpuTimeNanos();
        }
        assertThat(now).as("the guest's CPU time after it worked").isGreaterThan(before);
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
}
