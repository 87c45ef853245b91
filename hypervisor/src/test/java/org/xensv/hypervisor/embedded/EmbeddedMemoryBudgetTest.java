package org.xensv.hypervisor.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.memory.KeptRam;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.embedded.EmbeddedMemoryBudget.Machine;

class EmbeddedMemoryBudgetTest {

    /** The machine of the issue: 24 GiB, a 6 GiB heap. */
    private final Machine machine = new Machine(24_576, 6_144);

    @Test
    void theBudgetIsPhysicalMemoryLessTheHeapAndATenthOfTheMachine() {
        EmbeddedMemoryBudget budget = new EmbeddedMemoryBudget(machine);

        assertThat(machine.overheadMiB()).isEqualTo(2_457);
        assertThat(budget.totalMiB()).isEqualTo(24_576 - 6_144 - 2_457);
        assertThat(budget.freeMiB()).isEqualTo(budget.totalMiB());
    }

    @Test
    void theOverheadIsAtLeastOneGibibyteAndASmallMachineHasNoBudgetRatherThanANegativeOne() {
        assertThat(new Machine(4_096, 1_024).availableMiB()).isEqualTo(4_096 - 1_024 - 1_024);
        assertThat(new Machine(1_024, 256).availableMiB()).isZero();
    }

    @Test
    void theBudgetSplitsEvenlyAcrossHosts() {
        EmbeddedMemoryBudget budget = new EmbeddedMemoryBudget(machine);

        long share = budget.shareMiB(3);

        assertThat(share).isEqualTo(15_975 / 3);
        budget.claim("host-1", share);
        budget.claim("host-2", share);
        budget.claim("host-3", share);
        assertThat(budget.claimedMiB()).isLessThanOrEqualTo(budget.totalMiB());
        assertThat(budget.freeMiB()).isLessThan(3);
    }

    @Test
    void aClaimBeyondWhatIsFreeIsRefusedNamingTheHostWhatItAskedAndWhatIsFree() {
        EmbeddedMemoryBudget budget = new EmbeddedMemoryBudget(machine);
        budget.claim("host-1", 15_000);

        assertThatThrownBy(() -> budget.claim("host-2", 1_000))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("memoryMiB"))
                .hasMessageContaining("host 'host-2'")
                .hasMessageContaining("got 1000")
                .hasMessageContaining("975 MiB of its 15975 MiB budget for embedded hosts are free")
                .hasMessageContaining("24576 MiB of physical memory less 6144 MiB of heap and 2457 MiB of overhead");
        assertThat(budget.claimedBy("host-2")).isZero();
    }

    @Test
    void releasedMemoryCanBeClaimedAgain() {
        EmbeddedMemoryBudget budget = new EmbeddedMemoryBudget(machine);
        budget.claim("host-1", 15_000);

        budget.release("host-1");

        assertThat(budget.freeMiB()).isEqualTo(budget.totalMiB());
        budget.claim("host-2", 15_000);
        assertThat(budget.claimedBy("host-2")).isEqualTo(15_000);
    }

    @Test
    void theBudgetCanBeLoweredButNeverAboveWhatTheMachineGivesNorBelowWhatHostsHold() {
        EmbeddedMemoryBudget budget = new EmbeddedMemoryBudget(machine);
        budget.claim("host-1", 2_000);

        budget.limitTo(4_096);
        assertThat(budget.freeMiB()).isEqualTo(2_096);

        assertThatThrownBy(() -> budget.limitTo(20_000))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(EmbeddedMemoryBudget.TOTAL_PROPERTY)
                .hasMessageContaining("more than this machine can give embedded hosts: 15975 MiB");
        assertThatThrownBy(() -> budget.limitTo(1_000))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("less than the 2000 MiB the embedded hosts already hold");
        assertThat(budget.totalMiB()).isEqualTo(4_096);
    }

    @Test
    void aSystemPropertyLowersTheBudgetAndANonsensicalOneIsRefused() {
        String before = System.getProperty(EmbeddedMemoryBudget.TOTAL_PROPERTY);
        try {
            System.setProperty(EmbeddedMemoryBudget.TOTAL_PROPERTY, "3072");
            assertThat(EmbeddedMemoryBudget.fromSystemProperties(machine).totalMiB()).isEqualTo(3_072);

            System.setProperty(EmbeddedMemoryBudget.TOTAL_PROPERTY, "lots");
            assertThatThrownBy(() -> EmbeddedMemoryBudget.fromSystemProperties(machine))
                    .isInstanceOf(InvalidValueException.class).hasMessageContaining("whole number");
        } finally {
            if (before == null) {
                System.clearProperty(EmbeddedMemoryBudget.TOTAL_PROPERTY);
            } else {
                System.setProperty(EmbeddedMemoryBudget.TOTAL_PROPERTY, before);
            }
        }
    }

    @Test
    void theProcessBudgetBoundsTheKeptPoolOfGuestRamAndHostsClaimAsBefore() {
        long keepBefore = KeptRam.keepBytes();
        long limitBefore = KeptRam.limitBytes();
        String property = System.getProperty(KeptRam.KEEP_PROPERTY);
        try {
            System.clearProperty(KeptRam.KEEP_PROPERTY);
            EmbeddedMemoryBudget budget = new EmbeddedMemoryBudget(machine);
            assertThat(KeptRam.keepBytes()).as("a budget that is not the process's leaves the pool alone").isEqualTo(keepBefore);
            long total = budget.totalMiB();
            assertThat(budget.keptRamCapMiB()).as("on by default: a share of the budget, at most 2 GiB")
                    .isEqualTo(Math.min(KeptRam.DEFAULT_KEEP_MAX_MIB, total * KeptRam.DEFAULT_KEEP_PERCENT / 100)).isPositive();

            budget.boundingKeptRam();
            if (KeptRam.available()) {
                assertThat(KeptRam.limitBytes()).as("kept plus in-use guest RAM within the budget").isEqualTo(total << 20);
                assertThat(KeptRam.keepBytes()).isEqualTo(budget.keptRamCapMiB() << 20);
            }
            budget.claim("host-1", 1_024);
            assertThat(budget.claimedMiB()).as("claims do not count the pool").isEqualTo(1_024);
            assertThat(budget.freeMiB()).isEqualTo(total - 1_024);

            budget.limitTo(4_096);
            assertThat(budget.keptRamCapMiB()).as("the default share of the lowered budget").isEqualTo(4_096L * KeptRam.DEFAULT_KEEP_PERCENT / 100);
            if (KeptRam.available()) {
                assertThat(KeptRam.limitBytes()).as("a lowered budget lowers the limit").isEqualTo(4_096L << 20);
                assertThat(KeptRam.keepBytes()).isEqualTo(budget.keptRamCapMiB() << 20);
            }

            System.setProperty(KeptRam.KEEP_PROPERTY, "100");
            assertThat(budget.keptRamCapMiB()).isEqualTo(100);
            System.setProperty(KeptRam.KEEP_PROPERTY, "999999");
            assertThat(budget.keptRamCapMiB()).as("never more than the budget").isEqualTo(4_096);
            System.setProperty(KeptRam.KEEP_PROPERTY, "0");
            assertThat(budget.keptRamCapMiB()).isZero();
            System.setProperty(KeptRam.KEEP_PROPERTY, "-5");
            assertThatThrownBy(budget::keptRamCapMiB).isInstanceOf(InvalidValueException.class).hasMessageContaining("negative");
            System.setProperty(KeptRam.KEEP_PROPERTY, "lots");
            assertThatThrownBy(budget::keptRamCapMiB).isInstanceOf(InvalidValueException.class).hasMessageContaining("whole number");
        } finally {
            if (property == null) {
                System.clearProperty(KeptRam.KEEP_PROPERTY);
            } else {
                System.setProperty(KeptRam.KEEP_PROPERTY, property);
            }
            KeptRam.configure(keepBefore, limitBefore);
        }
    }
}
