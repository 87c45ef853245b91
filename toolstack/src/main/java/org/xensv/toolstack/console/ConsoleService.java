package org.xensv.toolstack.console;

import java.util.UUID;

import org.springframework.stereotype.Service;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.spi.ConsoleAccess;
import org.xensv.hypervisor.spi.ConsoleInput;
import org.xensv.toolstack.audit.Audited;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmView;

/** A VM's serial console: its output, read from its host, and what an admin types for the guest to read. */
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

    /**
     * Types {@code keystrokes} on the VM's serial console (a line ends with a newline; the guest answers
     * each whole line). Refused with the field named when it is empty, longer than
     * {@value ConsoleInput#MAX_INPUT} characters or holds control characters other than tab and line
     * ends; refused by the host when nothing reads the console or too much is waiting.
     */
    @Audited("vm.console-input")
    public void write(UUID vmId, String keystrokes) {
        if (keystrokes == null || keystrokes.isEmpty()) {
            throw new InvalidValueException("text", "", "must not be empty");
        }
        if (keystrokes.length() > ConsoleInput.MAX_INPUT) {
            throw new InvalidValueException("text", keystrokes.length() + " characters", "must be at most " + ConsoleInput.MAX_INPUT + " characters");
        }
        keystrokes.chars().filter(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t').findFirst().ifPresent(c -> {
            throw new InvalidValueException("text", String.format("U+%04X", c), "must hold printable characters, tabs and line ends only");
        });
        VmView vm = vms.get(vmId);
        hosts.connection(vm.hostId()).require(ConsoleInput.class, "serial console input").writeConsole(vmId, keystrokes);
    }
}
