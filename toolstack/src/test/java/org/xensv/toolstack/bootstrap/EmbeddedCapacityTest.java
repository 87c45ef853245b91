package org.xensv.toolstack.bootstrap;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.embedded.EmbeddedMemoryBudget;
import org.xensv.toolstack.host.ConnectionState;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.task.TaskService;
import org.xensv.toolstack.task.TaskService.Subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** What the console settles about embedded memory at start, before any host connects. */
class EmbeddedCapacityTest {

    private final HostService hosts = mock(HostService.class);
    private final TaskService tasks = mock(TaskService.class);
    private final EmbeddedMemoryBudget budget = EmbeddedMemoryBudget.process();

    private static EmbeddedPoolProperties pool(String memoryMiB, Long budgetMiB) {
        return new EmbeddedPoolProperties(true, null, null, 3, 8, memoryMiB, budgetMiB);
    }

    private static HostView embedded(String uri) {
        String name = uri.substring("embedded://".length(), uri.indexOf('?'));
        return new HostView(UUID.randomUUID(), UUID.randomUUID(), name, uri, ConnectionState.DISCONNECTED, null, false, 8,
                0, 0, "", "");
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void autoSplitsWhatTheBudgetHasFreeAcrossTheHosts() {
        EmbeddedCapacity capacity = new EmbeddedCapacity(pool("auto", null), hosts, tasks);

        assertThat(capacity.hostMemoryMiB()).isEqualTo(budget.freeMiB() / 3);
        assertThat(new EmbeddedCapacity(pool("2048", null), hosts, tasks).hostMemoryMiB()).isEqualTo(2048);
    }

    @Test
    void startIsRefusedWhenTheConfiguredPoolAsksMoreThanTheMachineHas() {
        EmbeddedCapacity capacity = new EmbeddedCapacity(pool("1000000000", null), hosts, tasks);

        assertThatThrownBy(capacity::afterSingletonsInstantiated)
                .isInstanceOfSatisfying(EmbeddedCapacityException.class, e -> assertThat(e.action()).contains("auto"))
                .hasMessageContaining("asks 3 hosts x 1000000000 MiB = 3000000000 MiB")
                .hasMessageContaining("more than the " + budget.totalMiB() + " MiB this machine can give");
    }

    @Test
    void startIsRefusedWhenTheBudgetIsSetAboveWhatTheMachineHas() {
        long tooMuch = budget.machine().availableMiB() + 1;
        EmbeddedCapacity capacity = new EmbeddedCapacity(pool("auto", tooMuch), hosts, tasks);

        assertThatThrownBy(capacity::afterSingletonsInstantiated)
                .isInstanceOf(EmbeddedCapacityException.class)
                .hasMessageContaining("xensv.embedded.budget-mib=" + tooMuch + " is refused")
                .hasMessageContaining("more than this machine can give embedded hosts");
        assertThat(budget.totalMiB()).isEqualTo(budget.machine().availableMiB());
    }

    @Test
    void hostsOfAnExistingDatabaseThatAskMoreThanTheMachineHasAreResizedToAnEvenShareAndToldSo() {
        List<HostView> old = List.of(
                embedded("embedded://" + unique("old-1") + "?pcpus=8&memoryMiB=2000000000"),
                embedded("embedded://" + unique("old-2") + "?pcpus=8&memoryMiB=2000000000"),
                embedded("embedded://" + unique("old-3") + "?pcpus=8&memoryMiB=64"));
        when(hosts.list()).thenReturn(old);
        long share = budget.freeMiB() / 3;

        new EmbeddedCapacity(pool("auto", null), hosts, tasks).afterSingletonsInstantiated();

        for (HostView resized : old.subList(0, 2)) {
            String expected = "embedded://" + resized.name() + "?pcpus=8&memoryMiB=" + share;
            verify(hosts).readdress(resized.id(), expected);
            verify(tasks).record(anyString(), eq(new Subject("RESIZE", org.xensv.toolstack.event.InventoryEvent.ObjectType.HOST,
                    resized.id(), resized.name())), argThat(why -> why.contains("asked 2000000000 MiB")
                    && why.contains("Resized to " + share + " MiB")));
        }
        verify(hosts, never()).readdress(eq(old.get(2).id()), anyString());
    }

    @Test
    void hostsThatFitTheBudgetAreLeftAsTheyAre() {
        when(hosts.list()).thenReturn(List.of(embedded("embedded://" + unique("fits") + "?memoryMiB=128"),
                new HostView(UUID.randomUUID(), UUID.randomUUID(), "remote", "qemu:///system", ConnectionState.DISCONNECTED,
                        null, false, 0, 0, 0, "", "")));

        new EmbeddedCapacity(pool("auto", null), hosts, tasks).afterSingletonsInstantiated();

        verify(hosts, never()).readdress(any(), anyString());
        verify(tasks, never()).record(anyString(), any(), anyString());
    }
}
