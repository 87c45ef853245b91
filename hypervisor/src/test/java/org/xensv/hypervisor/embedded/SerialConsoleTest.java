package org.xensv.hypervisor.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.embedded.console.ConsoleInput;
import org.xensv.hypervisor.embedded.workload.WorkloadInvariant;
import org.xensv.hypervisor.spi.HostConnection;

class SerialConsoleTest {

    private final String hostName = TestHosts.uniqueName("tty");
    private final HostConnection conn = TestHosts.connect(hostName, 2, 4096);
    private final EmbeddedHost host = EmbeddedRuntime.existing(hostName);

    @AfterEach
    void removeHost() {
        conn.close();
        EmbeddedRuntime.remove(hostName);
    }

    private EmbeddedDomain booted(DomainConfig config) {
        conn.lifecycle().define(config);
        conn.lifecycle().start(config.uuid());
        EmbeddedDomain domain = host.domain(config.uuid());
        TestHosts.await("the login prompt", () -> domain.readConsole(10_000).contains("root@" + config.name() + ":~# "));
        return domain;
    }

    private org.xensv.hypervisor.spi.ConsoleInput input() {
        return conn.require(org.xensv.hypervisor.spi.ConsoleInput.class, "serial console input");
    }

    @Test
    void theGuestReadsWhatIsTypedAndItsShellAnswersEachLine() {
        DomainConfig config = TestHosts.small("typist", WorkloadKind.DATABASE, 64, 8);
        EmbeddedDomain domain = booted(config);
        input().writeConsole(config.uuid(), "hostname\nuname -a\r\nnproc\n");
        TestHosts.await("three answers", () -> domain.readConsole(10_000).contains("# nproc\n1\n"));
        String screen = domain.readConsole(10_000);
        assertThat(screen).contains("root@typist:~# hostname\ntypist\n")
                .contains("# uname -a\nLinux typist 1.0-xensv-embedded #1 SMP x86_64 GNU/Linux\n");

        input().writeConsole(config.uuid(), "rm -rf /\n");
        TestHosts.await("the shell refuses what it does not know", () -> domain.readConsole(10_000).contains("-sh: rm: command not found"));
        domain.pause();
        assertThat(WorkloadInvariant.verify(domain.memory(), domain.captureState()).failures())
                .as("the shell writes no guest page").isEmpty();
    }

    @Test
    void keystrokesAreEchoedAsTypedAndEditedByTheGuestsTty() {
        DomainConfig config = TestHosts.small("terminal", WorkloadKind.IDLE, 64, 8);
        EmbeddedDomain domain = booted(config);
        var console = conn.require(org.xensv.hypervisor.spi.ConsoleAccess.class, "serial console");
        long position = console.readConsoleFrom(config.uuid(), 0, 1 << 20).end();
        for (String key : new String[] {"u", "n", "a", "m", "x", "\u007f", "e", "\u001b[A", " ", "-", "a"}) {
            input().writeConsole(config.uuid(), key);
        }
        TestHosts.await("the echo of what was typed before Enter",
                () -> console.readConsoleFrom(config.uuid(), position, 1000).text().contains("unamx\b \be -a"));
        input().writeConsole(config.uuid(), "\r");
        TestHosts.await("the answer", () -> domain.readConsole(10_000).contains("Linux terminal 1.0-xensv-embedded"));
        var chunk = console.readConsoleFrom(config.uuid(), position, 1000);
        assertThat(chunk.start()).isEqualTo(position);
        assertThat(chunk.text()).contains("unamx\b \be -a\nLinux terminal 1.0-xensv-embedded #1 SMP x86_64 GNU/Linux\nroot@terminal:~# ");
        assertThat(chunk.end()).isEqualTo(position + chunk.text().length());

        input().writeConsole(config.uuid(), "echo never\u0003");
        TestHosts.await("Ctrl-C abandons the line", () -> domain.readConsole(10_000).contains("echo never^C\nroot@terminal:~# "));
        assertThat(domain.readConsole(10_000)).doesNotContain("\nnever\n");
    }

    @Test
    void aPausedGuestReadsNothingUntilItRunsAgain() throws InterruptedException {
        DomainConfig config = TestHosts.small("sleeper", WorkloadKind.IDLE, 64, 8);
        EmbeddedDomain domain = booted(config);
        domain.pause();
        input().writeConsole(config.uuid(), "echo still here\n");
        Thread.sleep(100);
        assertThat(domain.readConsole(10_000)).doesNotContain("still here");
        domain.unpause();
        TestHosts.await("the answer after the unpause", () -> domain.readConsole(10_000).contains("# echo still here\nstill here\n"));
    }

    @Test
    void typingIsRefusedWhenNothingReadsItAndWhenTooMuchWaits() {
        DomainConfig config = TestHosts.small("quiet", WorkloadKind.IDLE, 64, 8);
        conn.lifecycle().define(config);
        assertThatThrownBy(() -> input().writeConsole(config.uuid(), "hello\n"))
                .isInstanceOfSatisfying(HypervisorException.class, e -> assertThat(e.code()).isEqualTo("VM_CONSOLE_NOT_READING"))
                .hasMessageContaining("VM 'quiet' is halted");

        conn.lifecycle().start(config.uuid());
        EmbeddedDomain domain = host.domain(config.uuid());
        domain.pause();
        String chunk = "x".repeat(1000);
        for (int i = 0; i < ConsoleInput.CAPACITY / 1000; i++) {
            input().writeConsole(config.uuid(), chunk);
        }
        assertThatThrownBy(() -> input().writeConsole(config.uuid(), chunk))
                .isInstanceOfSatisfying(HypervisorException.class, e -> assertThat(e.code()).isEqualTo("VM_CONSOLE_INPUT_FULL"))
                .hasMessageContaining("it is paused; unpause it");
    }
}
