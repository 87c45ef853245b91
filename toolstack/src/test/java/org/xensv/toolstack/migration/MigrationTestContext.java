package org.xensv.toolstack.migration;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.support.Await;
import org.xensv.toolstack.task.TaskService;
import org.xensv.toolstack.task.TaskView;
import org.xensv.toolstack.vm.VmService;

/**
 * What the migration service tests share: the services, the pool's first two hosts, waiting for a
 * task, and no host left in maintenance after a test. Each subclass names its own context (own
 * database and hosts) in its {@code @SpringBootTest}.
 */
abstract class MigrationTestContext {

    @Autowired
    VmService vms;
    @Autowired
    HostService hosts;
    @Autowired
    TaskService tasks;
    @Autowired
    MigrationService migrations;
    @Autowired
    MaintenanceService maintenance;

    @AfterEach
    void leaveMaintenance() {
        hosts.list().forEach(h -> maintenance.exitMaintenance(h.id()));
    }

    HostView first() {
        return hosts.list().getFirst();
    }

    HostView second() {
        return hosts.list().get(1);
    }

    TaskView finished(TaskView task) {
        return Await.value("task " + task.name() + " finishes", () -> tasks.get(task.id()), t -> t.status().finished());
    }
}
