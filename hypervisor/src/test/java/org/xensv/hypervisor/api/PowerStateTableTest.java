package org.xensv.hypervisor.api;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.xensv.hypervisor.api.PowerState.HALTED;
import static org.xensv.hypervisor.api.PowerState.PAUSED;
import static org.xensv.hypervisor.api.PowerState.RUNNING;
import static org.xensv.hypervisor.api.PowerState.SUSPENDED;

/** Every operation against every power state: allowed exactly where xapi allows it, refused with a usable error elsewhere. */
class PowerStateTableTest {

    /** The expected table, written out independently of the implementation. */
    private static final Map<Operation, Set<PowerState>> EXPECTED = Map.ofEntries(
            Map.entry(Operation.START, EnumSet.of(HALTED)),
            Map.entry(Operation.PAUSE, EnumSet.of(RUNNING)),
            Map.entry(Operation.UNPAUSE, EnumSet.of(PAUSED)),
            Map.entry(Operation.CLEAN_SHUTDOWN, EnumSet.of(RUNNING)),
            Map.entry(Operation.HARD_SHUTDOWN, EnumSet.of(RUNNING, PAUSED, SUSPENDED)),
            Map.entry(Operation.CLEAN_REBOOT, EnumSet.of(RUNNING)),
            Map.entry(Operation.HARD_REBOOT, EnumSet.of(RUNNING, PAUSED)),
            Map.entry(Operation.SUSPEND, EnumSet.of(RUNNING)),
            Map.entry(Operation.RESUME, EnumSet.of(SUSPENDED)),
            Map.entry(Operation.MIGRATE, EnumSet.of(RUNNING)),
            Map.entry(Operation.DESTROY, EnumSet.of(HALTED, SUSPENDED)));

    static Stream<Arguments> everyOperationInEveryState() {
        return Stream.of(Operation.values())
                .flatMap(op -> Stream.of(PowerState.values()).map(state -> Arguments.of(op, state)));
    }

    @ParameterizedTest(name = "{0} when {1}")
    @MethodSource("everyOperationInEveryState")
    void operationIsAllowedExactlyInItsStates(Operation op, PowerState state) {
        boolean expected = EXPECTED.get(op).contains(state);

        assertThat(PowerStateTable.allows(state, op)).isEqualTo(expected);
        assertThat(PowerStateTable.allowedOperations(state, List.of()).contains(op)).isEqualTo(expected);
        if (expected) {
            PowerStateTable.check("web-1", state, op);
        } else {
            assertThatThrownBy(() -> PowerStateTable.check("web-1", state, op))
                    .isInstanceOfSatisfying(BadPowerStateException.class, e -> {
                        assertThat(e.code()).isEqualTo("VM_BAD_POWER_STATE");
                        assertThat(e.params()).containsEntry("vm", "web-1").containsEntry("actual", state.name())
                                .containsEntry("operation", op.name());
                        assertThat(e.params().get("expected")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                                .containsExactlyInAnyOrderElementsOf(EXPECTED.get(op).stream().map(Enum::name).toList());
                        assertThat(e.getMessage()).contains("web-1").contains(state.label()).contains(op.label());
                    });
        }
    }

    @Test
    void pauseIsRefusedWhenHaltedWithAMessageThatNamesTheStates() {
        assertThatThrownBy(() -> PowerStateTable.check("db-7", HALTED, Operation.PAUSE))
                .hasMessage("Cannot pause VM 'db-7': it is halted, and pause needs it to be running.");
    }

    @Test
    void nothingIsAllowedWhileAnotherOperationIsInProgress() {
        for (PowerState state : PowerState.values()) {
            assertThat(PowerStateTable.allowedOperations(state, List.of(Operation.SUSPEND))).isEmpty();
        }
    }

    @Test
    void everyOperationDeclaresTheStateItLeaves() {
        for (Operation op : Operation.values()) {
            assertThat(PowerStateTable.resultOf(op)).as(op.name()).isNotNull();
        }
        assertThat(PowerStateTable.resultOf(Operation.SUSPEND)).isEqualTo(SUSPENDED);
        assertThat(PowerStateTable.resultOf(Operation.HARD_SHUTDOWN)).isEqualTo(HALTED);
    }
}
