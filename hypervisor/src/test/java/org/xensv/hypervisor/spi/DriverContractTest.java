package org.xensv.hypervisor.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xensv.hypervisor.api.BadPowerStateException;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InsufficientResourcesException;
import org.xensv.hypervisor.api.NoSuchDomainException;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.PowerStateTable;
import org.xensv.hypervisor.api.WorkloadKind;
import org.xensv.hypervisor.api.WorkloadSpec;

/**
 * What every driver must do through the SPI, whatever runs behind it. A driver's test extends this
 * and says how to connect to a fresh host with at least 2 pCPUs and 1 GiB of memory.
 */
public abstract class DriverContractTest {

    protected HostConnection connection;

    /** A connection to a fresh, empty host. */
    protected abstract HostConnection connect();

    /** Forgets the host behind the connection (called after each test). */
    protected abstract void disconnect(HostConnection connection);

    @BeforeEach
    void open() {
        connection = connect();
    }

    @AfterEach
    void close() {
        disconnect(connection);
    }

    /**
     * Whether the host refuses to start a domain its free memory no longer holds. The embedded runtime
     * does (as Xen does); libvirt leaves that to the hypervisor behind it, and its test driver, like
     * QEMU, overcommits.
     */
    protected boolean refusesToStartWhatNoLongerFits() {
        return true;
    }

    protected DomainLifecycle lifecycle() {
        return connection.lifecycle();
    }

    protected DomainConfig smallDomain(String name) {
        return DomainConfig.of(name, 1, 64).withWorkload(new WorkloadSpec(WorkloadKind.IDLE, 1, 0, 0, 3));
    }

    private static final List<Operation> LIFECYCLE_OPS = List.of(Operation.START, Operation.PAUSE, Operation.UNPAUSE,
            Operation.CLEAN_SHUTDOWN, Operation.HARD_SHUTDOWN, Operation.CLEAN_REBOOT, Operation.HARD_REBOOT,
            Operation.SUSPEND, Operation.RESUME, Operation.DESTROY);

    @Test
    void everyOperationInEveryPowerStateFollowsThePowerStateTable() {
        int n = 0;
        for (PowerState from : PowerState.values()) {
            for (Operation op : LIFECYCLE_OPS) {
                DomainConfig config = smallDomain("contract-" + n++);
                lifecycle().define(config);
                bringTo(config.uuid(), from);
                if (PowerStateTable.allows(from, op)) {
                    invoke(op, config.uuid());
                    if (op == Operation.DESTROY) {
                        assertThat(lifecycle().list()).extracting(i -> i.uuid()).doesNotContain(config.uuid());
                        continue;
                    }
                    assertThat(lifecycle().info(config.uuid()).powerState())
                            .as("%s from %s", op, from).isEqualTo(PowerStateTable.resultOf(op));
                } else {
                    assertThatThrownBy(() -> invoke(op, config.uuid()))
                            .as("%s from %s", op, from)
                            .isInstanceOf(BadPowerStateException.class)
                            .satisfies(e -> assertThat(((HypervisorException) e).code()).isEqualTo("VM_BAD_POWER_STATE"))
                            .satisfies(e -> assertThat(((HypervisorException) e).params()).containsEntry("actual", from.name()));
                    assertThat(lifecycle().info(config.uuid()).powerState()).isEqualTo(from);
                }
                bringTo(config.uuid(), PowerState.HALTED);
                lifecycle().undefine(config.uuid());
            }
        }
    }

    @Test
    void defineListInfoAndConfigRoundTrip() {
        DomainConfig config = smallDomain("roundtrip");
        var info = lifecycle().define(config);
        assertThat(info.powerState()).isEqualTo(PowerState.HALTED);
        assertThat(info.memoryMiB()).isEqualTo(64);
        assertThat(lifecycle().config(config.uuid())).isEqualTo(config);
        assertThat(lifecycle().list()).extracting(i -> i.uuid()).contains(config.uuid());
    }

    @Test
    void anUnknownDomainIsReportedAsSuch() {
        assertThatThrownBy(() -> lifecycle().start(UUID.randomUUID())).isInstanceOf(NoSuchDomainException.class);
    }

    @Test
    void admissionControlRefusesADomainLargerThanTheHost() {
        long hostMemory = connection.hostInfo().memoryMiB();
        assertThatThrownBy(() -> lifecycle().define(DomainConfig.of("huge", 1, hostMemory + 1)))
                .isInstanceOf(InsufficientResourcesException.class)
                .hasMessageContaining("memory");
        int pcpus = connection.hostInfo().pcpus();
        if (pcpus < 128) {
            assertThatThrownBy(() -> lifecycle().define(DomainConfig.of("wide", pcpus + 1, 64)))
                    .isInstanceOf(InsufficientResourcesException.class);
        }
    }

    @Test
    void admissionControlRefusesToStartWhatNoLongerFits() {
        assumeTrue(refusesToStartWhatNoLongerFits(), connection.driverName() + " leaves memory overcommit to the hypervisor");
        long half = connection.hostInfo().memoryMiB() / 2 + 1;
        DomainConfig a = DomainConfig.of("half-a", 1, half).withWorkload(new WorkloadSpec(WorkloadKind.IDLE, 1, 0, 0, 1));
        DomainConfig b = DomainConfig.of("half-b", 1, half).withWorkload(new WorkloadSpec(WorkloadKind.IDLE, 1, 0, 0, 1));
        lifecycle().define(a);
        lifecycle().define(b);
        lifecycle().start(a.uuid());
        assertThatThrownBy(() -> lifecycle().start(b.uuid())).isInstanceOf(InsufficientResourcesException.class);
        assertThat(lifecycle().info(b.uuid()).powerState()).isEqualTo(PowerState.HALTED);
        lifecycle().hardShutdown(a.uuid());
        lifecycle().start(b.uuid());
        assertThat(lifecycle().info(b.uuid()).powerState()).isEqualTo(PowerState.RUNNING);
        lifecycle().hardShutdown(b.uuid());
    }

    @Test
    void statsAndConsoleAreAvailableOrUniformlyUnsupported() {
        DomainConfig config = smallDomain("observed");
        lifecycle().define(config);
        lifecycle().start(config.uuid());
        connection.find(StatsSource.class).ifPresent(stats -> {
            assertThat(stats.domainStats(config.uuid()).uuid()).isEqualTo(config.uuid());
            assertThat(stats.hostStats().runningDomains()).isEqualTo(1);
        });
        connection.find(ConsoleAccess.class).ifPresent(console -> assertThat(console.readConsole(config.uuid(), 100)).isNotNull());
        for (Class<? extends Capability> capability : List.of(StatsSource.class, ConsoleAccess.class, DomainTuning.class,
                DomainEvents.class, DomainFaults.class)) {
            if (connection.find(capability).isEmpty()) {
                assertThatThrownBy(() -> connection.require(capability, "x"))
                        .isInstanceOf(HypervisorException.class)
                        .satisfies(e -> assertThat(((HypervisorException) e).code()).isEqualTo("OPERATION_NOT_SUPPORTED"));
            }
        }
        lifecycle().hardShutdown(config.uuid());
    }

    /** Drives a halted domain into {@code target} with allowed operations only. */
    protected void bringTo(UUID uuid, PowerState target) {
        PowerState now = lifecycle().info(uuid).powerState();
        if (now == target) {
            return;
        }
        if (target == PowerState.HALTED) {
            lifecycle().hardShutdown(uuid);
            return;
        }
        if (now != PowerState.HALTED) {
            bringTo(uuid, PowerState.HALTED);
        }
        lifecycle().start(uuid);
        switch (target) {
            case PAUSED -> lifecycle().pause(uuid);
            case SUSPENDED -> lifecycle().suspend(uuid);
            default -> { }
        }
        assertThat(lifecycle().info(uuid).powerState()).isEqualTo(target);
    }

    private void invoke(Operation op, UUID uuid) {
        BiConsumer<DomainLifecycle, UUID> call = switch (op) {
            case START -> DomainLifecycle::start;
            case PAUSE -> DomainLifecycle::pause;
            case UNPAUSE -> DomainLifecycle::unpause;
            case CLEAN_SHUTDOWN -> DomainLifecycle::cleanShutdown;
            case HARD_SHUTDOWN -> DomainLifecycle::hardShutdown;
            case CLEAN_REBOOT -> DomainLifecycle::cleanReboot;
            case HARD_REBOOT -> DomainLifecycle::hardReboot;
            case SUSPEND -> DomainLifecycle::suspend;
            case RESUME -> DomainLifecycle::resume;
            case DESTROY -> DomainLifecycle::undefine;
            case MIGRATE -> throw new IllegalArgumentException("not a lifecycle call");
        };
        call.accept(lifecycle(), uuid);
    }
}
