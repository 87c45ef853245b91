package org.xensv.hypervisor.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.InsufficientResourcesException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.spi.HostConnection;

/** Hosts claim their memory from the process budget, and domains theirs from the host, or are refused saying why. */
class EmbeddedCapacityTest {

    private final EmbeddedMemoryBudget budget = EmbeddedMemoryBudget.process();
    private final EmbeddedDriver driver = new EmbeddedDriver();
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void removeHosts() {
        created.forEach(EmbeddedRuntime::remove);
    }

    private HostConnection host(String prefix, long memoryMiB) {
        String name = TestHosts.uniqueName(prefix);
        created.add(name);
        return TestHosts.connect(name, 2, memoryMiB);
    }

    private static DomainConfig idle(String name, long memoryMiB) {
        return TestHosts.small(name, WorkloadKind.IDLE, memoryMiB, 1);
    }

    @Test
    void aHostClaimsItsMemoryFromTheProcessBudgetAndGivesItBackWhenRemoved() {
        long freeBefore = budget.freeMiB();
        HostConnection conn = host("claim", 256);
        String name = conn.hostInfo().name();

        assertThat(budget.claimedBy(name)).isEqualTo(256);
        assertThat(budget.freeMiB()).isEqualTo(freeBefore - 256);

        EmbeddedRuntime.remove(name);

        assertThat(budget.claimedBy(name)).isZero();
        assertThat(budget.freeMiB()).isEqualTo(freeBefore);
    }

    @Test
    void hostCreationIsRefusedWhenTheProcessBudgetIsFull() {
        host("greedy", budget.freeMiB());
        String late = TestHosts.uniqueName("late");

        assertThatThrownBy(() -> TestHosts.connect(late, 2, 64))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("memoryMiB"))
                .hasMessageContaining("host '" + late + "'")
                .hasMessageContaining("got 64")
                .hasMessageContaining(" 0 MiB of its " + budget.totalMiB() + " MiB budget for embedded hosts are free");
        assertThat(EmbeddedRuntime.existing(late)).isNull();

        EmbeddedRuntime.remove(created.getFirst());
        created.add(late);
        assertThat(TestHosts.connect(late, 2, 64).hostInfo().memoryMiB()).isEqualTo(64);
    }

    @ParameterizedTest(name = "memoryMiB={0} is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "2000000000           | is more than this process can give",
            "-5                   | must be at least 64 MiB",
            "0                    | must be at least 64 MiB",
            "lots                 | must be a whole number",
            "99999999999999999999 | must be a whole number"})
    void anAbsurdHostSizeIsRefusedWithTheReasonAndNothingIsCreated(String size, String reason) {
        String name = TestHosts.uniqueName("absurd");
        URI uri = URI.create("embedded://" + name + "?memoryMiB=" + size);
        long freeBefore = budget.freeMiB();

        for (Runnable attempt : List.<Runnable>of(() -> driver.validate(uri), () -> driver.connect(uri))) {
            assertThatThrownBy(attempt::run)
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("memoryMiB"))
                    .hasMessageContaining(reason)
                    .hasMessageContaining("got " + size);
        }
        assertThat(EmbeddedRuntime.existing(name)).isNull();
        assertThat(budget.freeMiB()).isEqualTo(freeBefore);
    }

    @Test
    void aUriWithoutASizeAsksForAThirdOfTheBudget() {
        URI uri = URI.create("embedded://whatever?pcpus=2");

        assertThat(EmbeddedDriver.request(uri).memoryMiB()).isEqualTo(budget.totalMiB() / 3);
        assertThat(EmbeddedDriver.withMemoryMiB(uri, 512)).isEqualTo(URI.create("embedded://whatever?pcpus=2&memoryMiB=512"));
        assertThat(EmbeddedDriver.withMemoryMiB(URI.create("embedded://h?memoryMiB=32768&pcpus=8"), 5000))
                .isEqualTo(URI.create("embedded://h?memoryMiB=5000&pcpus=8"));
    }

    @Test
    void startIsRefusedWhenTheHostIsFullNamingTheHostWhatWasAskedAndWhatIsFree() {
        HostConnection conn = host("full", 256);
        String name = conn.hostInfo().name();
        DomainConfig first = idle("first", 192);
        DomainConfig second = idle("second", 128);
        conn.lifecycle().define(first);
        conn.lifecycle().define(second);
        conn.lifecycle().start(first.uuid());

        assertThatThrownBy(() -> conn.lifecycle().start(second.uuid()))
                .isInstanceOf(InsufficientResourcesException.class)
                .hasMessage("Host '" + name + "' cannot run VM 'second': it needs 128 MiB of memory but only 64 MiB are free.");
        assertThat(conn.lifecycle().info(second.uuid()).powerState()).isEqualTo(PowerState.HALTED);
        assertThat(conn.lifecycle().info(first.uuid()).powerState()).isEqualTo(PowerState.RUNNING);
    }

    @Test
    void defineOfAVmBiggerThanTheHostIsRefusedSayingWhatTheHostHas() {
        HostConnection conn = host("small", 256);
        String name = conn.hostInfo().name();

        assertThatThrownBy(() -> conn.lifecycle().define(idle("huge", 512)))
                .isInstanceOf(InsufficientResourcesException.class)
                .hasMessage("Host '" + name + "' cannot hold VM 'huge': it needs 512 MiB of memory but the host has only 256 MiB in all.");
        assertThat(conn.lifecycle().list()).isEmpty();
    }

    @Test
    void anIncomingMigrationThatDoesNotFitIsRefusedAndLeavesNothingBehind() {
        HostConnection conn = host("dest", 256);
        String name = conn.hostInfo().name();
        DomainConfig resident = idle("resident", 192);
        conn.lifecycle().define(resident);
        conn.lifecycle().start(resident.uuid());
        EmbeddedHost host = EmbeddedRuntime.existing(name);
        DomainConfig arriving = idle("arriving", 128);

        assertThatThrownBy(() -> host.prepareIncoming(arriving))
                .isInstanceOf(InsufficientResourcesException.class)
                .hasMessage("Host '" + name + "' cannot run VM 'arriving': it needs 128 MiB of memory but only 64 MiB are free.");
        assertThat(host.domains()).extracting(d -> d.config().uuid()).containsExactly(resident.uuid());
        assertThat(host.freeMemoryMiB()).isEqualTo(64);
    }

    @Test
    void stoppingOrDestroyingADomainGivesItsMemoryBackToTheHost() {
        HostConnection conn = host("give-back", 256);
        DomainConfig a = idle("a", 192);
        DomainConfig b = idle("b", 192);
        conn.lifecycle().define(a);
        conn.lifecycle().define(b);
        conn.lifecycle().start(a.uuid());
        assertThat(conn.hostInfo().freeMemoryMiB()).isEqualTo(64);

        conn.lifecycle().hardShutdown(a.uuid());
        assertThat(conn.hostInfo().freeMemoryMiB()).isEqualTo(256);
        conn.lifecycle().start(b.uuid());
        assertThat(conn.hostInfo().freeMemoryMiB()).isEqualTo(64);

        conn.lifecycle().hardShutdown(b.uuid());
        conn.lifecycle().undefine(b.uuid());
        assertThat(conn.hostInfo().freeMemoryMiB()).isEqualTo(256);
    }
}
