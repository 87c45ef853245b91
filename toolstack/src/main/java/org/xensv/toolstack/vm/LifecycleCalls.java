package org.xensv.toolstack.vm;

import java.util.UUID;

import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.spi.DomainLifecycle;

/** Which driver call carries out each lifecycle operation. */
final class LifecycleCalls {

    private LifecycleCalls() {
    }

    static void perform(DomainLifecycle lifecycle, UUID uuid, Operation op) {
        switch (op) {
            case START -> lifecycle.start(uuid);
            case PAUSE -> lifecycle.pause(uuid);
            case UNPAUSE -> lifecycle.unpause(uuid);
            case CLEAN_SHUTDOWN -> lifecycle.cleanShutdown(uuid);
            case HARD_SHUTDOWN -> lifecycle.hardShutdown(uuid);
            case CLEAN_REBOOT -> lifecycle.cleanReboot(uuid);
            case HARD_REBOOT -> lifecycle.hardReboot(uuid);
            case SUSPEND -> lifecycle.suspend(uuid);
            case RESUME -> lifecycle.resume(uuid);
            case DESTROY -> lifecycle.undefine(uuid);
            case MIGRATE -> throw new IllegalArgumentException("migrate is not a lifecycle call");
        }
    }

    static String title(Operation op) {
        return switch (op) {
            case START -> "Start VM";
            case PAUSE -> "Pause VM";
            case UNPAUSE -> "Resume paused VM";
            case CLEAN_SHUTDOWN -> "Shut down VM";
            case HARD_SHUTDOWN -> "Force shut down VM";
            case CLEAN_REBOOT -> "Reboot VM";
            case HARD_REBOOT -> "Force reboot VM";
            case SUSPEND -> "Suspend VM";
            case RESUME -> "Resume suspended VM";
            case MIGRATE -> "Migrate VM";
            case DESTROY -> "Destroy VM";
        };
    }
}
