package org.xensv.toolstack.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.embedded.EmbeddedRuntime;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.support.Await;
import org.xensv.toolstack.task.TaskService;
import org.xensv.toolstack.task.TaskStatus;
import org.xensv.toolstack.task.TaskView;

/**
 * The console's stop and start in one JVM: its embedded host is dropped from the runtime as a
 * process exit drops it, and a new, empty host of the same name takes its place.
 */
@SpringBootTest(properties = {"xensv.embedded.hosts=1", "xensv.embedded.host-prefix=rc${random.int[1000,9999]}-h"})
class VmRecoveryTest {

    @Autowired
    VmService vms;
    @Autowired
    HostService hosts;
    @Autowired
    TaskService tasks;
    @Autowired
    VmReconciler reconciler;
    @Autowired
    SuspendOnStop suspendOnStop;

    private HostView host;

    @BeforeEach
    void pauseBackgroundRounds() {
        host = hosts.list().getFirst();
        reconciler.stopReconciling();
    }

    @AfterEach
    void resumeBackgroundRounds() {
        reconciler.startReconciling();
    }

    @Test
    void aCleanStopSuspendsRunningAndPausedVmsAndTheStartBringsThemBackAsTheyWere() {
        VmView running = started("rc-db", "DATABASE");
        VmView paused = started("rc-web", "WEB");
        finished(vms.perform(paused.id(), org.xensv.hypervisor.api.Operation.PAUSE));

        assertThat(suspendOnStop.suspendAll()).isEqualTo(2);
        assertThat(vms.get(running.id()).powerState()).isEqualTo(PowerState.SUSPENDED);
        assertThat(vms.get(paused.id()).lastEvent()).contains("console stopped");
        restartHost();

        reconciler.reconcile(host.id());

        assertThat(resumeTask(running.id()).status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(resumeTask(paused.id()).status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(vms.get(running.id()).powerState()).isEqualTo(PowerState.RUNNING);
        assertThat(vms.get(paused.id()).powerState()).isEqualTo(PowerState.PAUSED);
        assertThat(vms.get(paused.id()).lastEvent()).contains("Resumed");
        assertThat(vms.checkMemory(running.id()).failures()).isEmpty();
        assertThat(vms.checkMemory(paused.id()).failures()).isEmpty();
        assertThat(vms.checkMemory(paused.id()).validPages()).isPositive();
    }

    @Test
    void aRunningVmItsHostLostComesBackHaltedAndAFailedTaskSaysSo() {
        VmView vm = started("rc-lost", "IDLE");
        restartHost();

        reconciler.reconcile(host.id());

        VmView after = vms.get(vm.id());
        assertThat(after.powerState()).isEqualTo(PowerState.HALTED);
        assertThat(after.lastEvent()).contains("was running").contains("halted");
        TaskView recover = tasks.forObject(vm.id(), 10).getFirst();
        assertThat(recover.operation()).isEqualTo("RECOVER");
        assertThat(recover.status()).isEqualTo(TaskStatus.FAILURE);
        assertThat(recover.errorMessage()).contains("rc-lost").contains("halted");
    }

    @Test
    void aVmSuspendedByHandStaysSuspendedAcrossARestartAndResumesWithItsMemory() {
        VmView vm = started("rc-suspended", "STREAMER");
        finished(vms.perform(vm.id(), org.xensv.hypervisor.api.Operation.SUSPEND));
        restartHost();

        reconciler.reconcile(host.id());

        assertThat(vms.get(vm.id()).powerState()).isEqualTo(PowerState.SUSPENDED);
        assertThat(finished(vms.perform(vm.id(), org.xensv.hypervisor.api.Operation.RESUME)).status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(vms.checkMemory(vm.id()).failures()).isEmpty();
    }

    private VmView started(String name, String workload) {
        VmService.Created created = vms.create(new VmSpec(name, null, "PV", 1, 64L, host.id(), workload, 4L,
                null, null, null, null, null, null, true));
        assertThat(finished(created.startTask()).status()).isEqualTo(TaskStatus.SUCCESS);
        return vms.get(created.vm().id());
    }

    /** What a process exit does to an embedded host: gone, and a new one of the same name knows no domain. */
    private void restartHost() {
        EmbeddedRuntime.remove(host.name());
        hosts.refresh(host.id());
    }

    private TaskView resumeTask(UUID vmId) {
        return Await.value("the resume task of " + vmId + " finishes",
                () -> tasks.forObject(vmId, 10).stream().filter(t -> t.operation().equals("RESUME")).findFirst().orElse(null),
                t -> t != null && t.status().finished());
    }

    private TaskView finished(TaskView task) {
        return Await.value("task " + task.name() + " finishes", () -> tasks.get(task.id()), t -> t.status().finished());
    }
}
