package org.xensv.toolstack.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.DomainFaults;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.support.Await;
import org.xensv.toolstack.task.TaskService;

/**
 * An embedded host's own events reach the inventory without polling: the periodic resync is set to
 * ten minutes here, so a guest that crashes shows its on_crash outcome only through the event.
 */
@SpringBootTest(properties = {"xensv.embedded.hosts=1", "xensv.embedded.host-prefix=ee${random.int[1000,9999]}-h",
        "xensv.reconcile.interval=PT10M"})
class EmbeddedEventsTest {

    @Autowired
    VmService vms;
    @Autowired
    HostService hosts;
    @Autowired
    TaskService tasks;

    @Test
    void aGuestThatCrashesShowsItsOnCrashOutcomeThroughTheHostsEvent() {
        UUID hostId = hosts.list().getFirst().id();
        UUID destroyed = started("ee-destroy", "DESTROY", hostId);
        UUID preserved = started("ee-preserve", "PRESERVE", hostId);
        DomainFaults faults = hosts.connection(hostId).require(DomainFaults.class, "fault injection");

        faults.injectCrash(destroyed, "test: crash on purpose");
        faults.injectCrash(preserved, "test: crash on purpose");

        Await.until("the destroyed guest is halted", () -> vms.get(destroyed).powerState() == PowerState.HALTED);
        Await.until("the preserved guest is paused", () -> vms.get(preserved).powerState() == PowerState.PAUSED);
        finished(vms.perform(preserved, Operation.HARD_SHUTDOWN).id());
        finished(vms.perform(destroyed, Operation.DESTROY).id());
        finished(vms.perform(preserved, Operation.DESTROY).id());
    }

    private UUID started(String name, String onCrash, UUID hostId) {
        VmService.Created created = vms.create(new VmSpec(name + "-" + UUID.randomUUID().toString().substring(0, 4), null,
                "PV", 1, 64L, hostId, "IDLE", null, null, null, null, onCrash, null, null, true));
        finished(created.startTask().id());
        assertThat(vms.get(created.vm().id()).powerState()).isEqualTo(PowerState.RUNNING);
        return created.vm().id();
    }

    private void finished(UUID taskId) {
        Await.until("task " + taskId + " finished", () -> tasks.get(taskId).status().finished());
    }
}
