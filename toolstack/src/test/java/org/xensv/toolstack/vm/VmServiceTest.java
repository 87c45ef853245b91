package org.xensv.toolstack.vm;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.xensv.hypervisor.api.BadPowerStateException;
import org.xensv.hypervisor.api.InsufficientResourcesException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.support.Await;
import org.xensv.toolstack.task.TaskService;
import org.xensv.toolstack.task.TaskStatus;
import org.xensv.toolstack.task.TaskView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest
class VmServiceTest {

    @Autowired
    VmService vms;
    @Autowired
    HostService hosts;
    @Autowired
    TaskService tasks;
    @Autowired
    VmReconciler reconciler;

    private HostView host() {
        return hosts.list().getFirst();
    }

    private TaskView finished(TaskView task) {
        return Await.value("task " + task.name() + " finishes", () -> tasks.get(task.id()), t -> t.status().finished());
    }

    private VmView created(String name, boolean start) {
        VmService.Created created = vms.create(VmSpec.of(name, 1, 256, host().id(), start));
        if (created.startTask() != null) {
            assertThat(finished(created.startTask()).status()).isEqualTo(TaskStatus.SUCCESS);
        }
        return vms.get(created.vm().id());
    }

    @Test
    void createdVmIsHaltedAndRecordsACompletedTask() {
        VmService.Created created = vms.create(VmSpec.of("svc-halted", 2, 512, host().id(), false));

        assertThat(created.vm().powerState()).isEqualTo(PowerState.HALTED);
        assertThat(created.vm().allowedOperations()).contains(Operation.START, Operation.DESTROY).doesNotContain(Operation.PAUSE);
        assertThat(created.createTask().status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(created.startTask()).isNull();
    }

    @Test
    void startPauseUnpauseShutdownAndDestroyRunAsTasks() {
        VmView vm = created("svc-cycle", true);
        assertThat(vm.powerState()).isEqualTo(PowerState.RUNNING);

        assertThat(finished(vms.perform(vm.id(), Operation.PAUSE)).status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(vms.get(vm.id()).powerState()).isEqualTo(PowerState.PAUSED);
        assertThat(vms.get(vm.id()).allowedOperations()).contains(Operation.UNPAUSE).doesNotContain(Operation.PAUSE);

        finished(vms.perform(vm.id(), Operation.UNPAUSE));
        finished(vms.perform(vm.id(), Operation.SUSPEND));
        assertThat(vms.get(vm.id()).powerState()).isEqualTo(PowerState.SUSPENDED);
        finished(vms.perform(vm.id(), Operation.RESUME));
        finished(vms.perform(vm.id(), Operation.CLEAN_SHUTDOWN));
        assertThat(vms.get(vm.id()).powerState()).isEqualTo(PowerState.HALTED);

        TaskView destroy = finished(vms.perform(vm.id(), Operation.DESTROY));
        assertThat(destroy.status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(vms.list()).extracting(VmView::name).doesNotContain("svc-cycle");
    }

    @Test
    void pauseIsRefusedWhenHaltedAndNothingChanges() {
        VmView vm = created("svc-refuse", false);
        int tasksBefore = tasks.recent(1000).size();

        assertThatThrownBy(() -> vms.perform(vm.id(), Operation.PAUSE))
                .isInstanceOf(BadPowerStateException.class)
                .hasMessageContaining("svc-refuse").hasMessageContaining("halted").hasMessageContaining("running");

        assertThat(vms.get(vm.id()).powerState()).isEqualTo(PowerState.HALTED);
        assertThat(vms.get(vm.id()).currentOperation()).isNull();
        assertThat(tasks.recent(1000)).hasSize(tasksBefore);
    }

    @Test
    void destroyIsRefusedWhileRunning() {
        VmView vm = created("svc-norun-destroy", true);

        assertThatThrownBy(() -> vms.perform(vm.id(), Operation.DESTROY)).isInstanceOf(BadPowerStateException.class);
        assertThat(vms.get(vm.id()).powerState()).isEqualTo(PowerState.RUNNING);
    }

    @Test
    void aVmThatDoesNotFitIsRefusedWithTheNumbersAndNothingIsCreated() {
        long tooMuch = host().memoryMiB() + 1;
        assertThatThrownBy(() -> vms.create(VmSpec.of("svc-too-big", 1, tooMuch, host().id(), false)))
                .isInstanceOf(InsufficientResourcesException.class)
                .hasMessageContaining(tooMuch + " MiB").hasMessageContaining(host().memoryMiB() + " MiB");

        assertThat(vms.list()).extracting(VmView::name).doesNotContain("svc-too-big");
    }

    @Test
    void startingBeyondFreeMemoryIsRefused() {
        HostView target = hosts.list().getLast();
        long free = hosts.get(target.id()).freeMemoryMiB();
        VmService.Created big = vms.create(VmSpec.of("svc-big", 1, free - 64, target.id(), true));
        finished(big.startTask());

        assertThatThrownBy(() -> vms.create(VmSpec.of("svc-no-room", 1, 128, target.id(), true)))
                .isInstanceOf(InsufficientResourcesException.class).hasMessageContaining("svc-no-room");
        assertThat(vms.list()).extracting(VmView::name).doesNotContain("svc-no-room");

        finished(vms.perform(big.vm().id(), Operation.HARD_SHUTDOWN));
    }

    @Test
    void badInputNamesTheField() {
        assertThatThrownBy(() -> vms.create(VmSpec.of("svc-bad", 0, 256, host().id(), false)))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("vcpus"));
        assertThatThrownBy(() -> vms.create(VmSpec.of("bad name!", 1, 256, host().id(), false)))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> vms.create(VmSpec.of("svc-bad", 1, 256, UUID.randomUUID(), false)))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("hostId"));
    }

    @Test
    void aSecondOperationIsRefusedWhileOneIsInProgress() {
        VmView vm = created("svc-busy", true);
        TaskView pause = vms.perform(vm.id(), Operation.PAUSE);
        try {
            // The VM is marked busy as the first request commits, before its task runs.
            assertThatThrownBy(() -> vms.perform(vm.id(), Operation.CLEAN_SHUTDOWN))
                    .isInstanceOfAny(ConflictException.class, BadPowerStateException.class);
        } finally {
            finished(pause);
        }
    }

    @Test
    void reconcilerRedefinesAVmItsHostLost() {
        VmView vm = created("svc-resync", false);
        var lifecycle = hosts.connection(vm.hostId()).lifecycle();
        lifecycle.undefine(vm.id());

        reconciler.reconcile(vm.hostId());

        assertThat(lifecycle.info(vm.id()).powerState()).isEqualTo(PowerState.HALTED);
        assertThat(vms.get(vm.id()).powerState()).isEqualTo(PowerState.HALTED);
    }

    @Test
    void reconcilerTakesTheStateTheHostReports() {
        VmView vm = created("svc-drift", true);
        hosts.connection(vm.hostId()).lifecycle().pause(vm.id());

        reconciler.reconcile(vm.hostId());

        assertThat(vms.get(vm.id()).powerState()).isEqualTo(PowerState.PAUSED);
    }
}
