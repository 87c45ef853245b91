package org.xensv.toolstack.migration;

import org.springframework.context.ApplicationContext;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.task.TaskService;
import org.xensv.toolstack.vm.VmService;

/**
 * The migration services as a restarted toolstack has them: fresh instances on the same database,
 * with nothing in memory, so every flight and every evacuation row they show was read back.
 */
public final class AfterRestart {

    private AfterRestart() {
    }

    public static MigrationService migrations(ApplicationContext context) {
        return new MigrationService(context.getBean(VmService.class), context.getBean(HostService.class),
                context.getBean(FlightHistory.class), context.getBean(org.xensv.toolstack.monitoring.MigrationMeters.class));
    }

    public static MaintenanceService maintenance(ApplicationContext context) {
        return new MaintenanceService(context.getBean(HostService.class), context.getBean(VmService.class),
                context.getBean(TaskService.class), migrations(context));
    }
}
