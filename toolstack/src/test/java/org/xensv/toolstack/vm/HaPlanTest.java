package org.xensv.toolstack.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The decision of which protected VMs of a lost host go where, without hosts or a database. */
class HaPlanTest {

    private static HaPlan.Candidate vm(String name, HaPriority priority, int order, long memoryMiB) {
        return new HaPlan.Candidate(UUID.randomUUID(), name, priority, order, memoryMiB, 1);
    }

    private static HaPlan.Target host(String name, long freeMiB) {
        return new HaPlan.Target(UUID.randomUUID(), name, freeMiB, 4);
    }

    private static List<String> placedNames(HaPlan.Result result) {
        return result.placements().stream().map(p -> p.vm().name()).toList();
    }

    @Test
    void restartVmsGoBeforeBestEffortOnesAndLowerOrderFirst() {
        var result = HaPlan.plan(List.of(
                vm("best", HaPriority.BEST_EFFORT, 0, 64),
                vm("second", HaPriority.RESTART, 2, 64),
                vm("first", HaPriority.RESTART, 1, 64),
                vm("also-first", HaPriority.RESTART, 1, 64)), List.of(host("a", 1024)));
        assertThat(placedNames(result)).containsExactly("also-first", "first", "second", "best");
        assertThat(result.notPlaced()).isEmpty();
    }

    @Test
    void theCapacityLeftGoesToTheHigherPriorityAndTheRestIsReportedWithTheReason() {
        var result = HaPlan.plan(List.of(
                vm("best-effort", HaPriority.BEST_EFFORT, 0, 128),
                vm("important", HaPriority.RESTART, 5, 128)), List.of(host("survivor", 200)));
        assertThat(placedNames(result)).containsExactly("important");
        assertThat(result.notPlaced()).singleElement().satisfies(n -> {
            assertThat(n.vm().name()).isEqualTo("best-effort");
            assertThat(n.reason()).contains("128 MiB").contains("72 MiB on survivor");
        });
    }

    @Test
    void aLargerVmThatFitsNowhereDoesNotStopSmallerOnesAfterIt() {
        var result = HaPlan.plan(List.of(
                vm("huge", HaPriority.RESTART, 0, 512),
                vm("small", HaPriority.RESTART, 1, 64)), List.of(host("a", 100), host("b", 80)));
        assertThat(placedNames(result)).containsExactly("small");
        assertThat(result.placements().get(0).host().name()).isEqualTo("a");
        assertThat(result.notPlaced()).extracting(n -> n.vm().name()).containsExactly("huge");
    }

    @Test
    void eachVmGoesToTheHostWithTheMostMemoryLeft() {
        var result = HaPlan.plan(List.of(
                vm("one", HaPriority.RESTART, 0, 64),
                vm("two", HaPriority.RESTART, 1, 64),
                vm("three", HaPriority.RESTART, 2, 64)), List.of(host("a", 200), host("b", 150)));
        assertThat(result.placements()).extracting(p -> p.host().name()).containsExactly("a", "b", "a");
    }

    @Test
    void withNoSurvivorNothingIsPlaced() {
        var result = HaPlan.plan(List.of(vm("alone", HaPriority.RESTART, 0, 64)), List.of());
        assertThat(result.placements()).isEmpty();
        assertThat(result.notPlaced()).singleElement().satisfies(n -> assertThat(n.reason()).contains("no other host"));
    }

    @Test
    void prioritiesAreParsedAsTypedAndBadOnesNameTheField() {
        assertThat(HaPriority.parse("p", "restart")).isEqualTo(HaPriority.RESTART);
        assertThat(HaPriority.parse("p", "Best-Effort")).isEqualTo(HaPriority.BEST_EFFORT);
        assertThat(HaPriority.parse("p", "")).isNull();
        assertThat(HaPriority.parse("p", "none")).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HaPriority.parse("haRestartPriority", "always"))
                .hasMessageContaining("haRestartPriority");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HaPriority.order("haRestartOrder", -1))
                .hasMessageContaining("haRestartOrder");
    }
}
