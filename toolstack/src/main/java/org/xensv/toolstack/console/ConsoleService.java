package org.xensv.toolstack.console;

import java.util.UUID;

import org.springframework.stereotype.Service;
import org.xensv.hypervisor.spi.ConsoleAccess;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmView;

/** A VM's serial console output, read from its host. */
@Service
public class ConsoleService {

    public static final int DEFAULT_CHARS = 16 * 1024;

    private final VmService vms;
    private final HostService hosts;

    ConsoleService(VmService vms, HostService hosts) {
        this.vms = vms;
        this.hosts = hosts;
    }

    /** The last {@code maxChars} characters the guest printed, oldest first. */
    public String read(UUID vmId, int maxChars) {
        VmView vm = vms.get(vmId);
        ConsoleAccess console = hosts.connection(vm.hostId()).require(ConsoleAccess.class, "serial console");
        return console.readConsole(vmId, Math.max(1, Math.min(maxChars, 1024 * 1024)));
    }
}
