package org.xensv.toolstack.console;

import java.util.UUID;

import org.springframework.stereotype.Service;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.spi.ConsoleAccess;
import org.xensv.hypervisor.spi.ConsoleChunk;
import org.xensv.hypervisor.spi.ConsoleInput;
import org.xensv.hypervisor.spi.DisplayStream;
import org.xensv.hypervisor.spi.GraphicsConsole;
import org.xensv.toolstack.audit.Audited;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.vm.VmService;
import org.xensv.toolstack.vm.VmView;

/**
 * A VM's consoles: its serial console's output, read from its host, and what an admin types for the
 * guest to read; where its VNC display listens, for the WebSocket proxy ({@link ConsoleSockets}).
 */
@Service
public class ConsoleService {

    public static final int DEFAULT_CHARS = 16 * 1024;
    /** The most characters a terminal is sent at once. */
    static final int MAX_CHUNK = 64 * 1024;

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
     * What the guest printed from {@code position} on (0 for all its host keeps), for a terminal that
     * follows the console: it asks again from the chunk's end.
     */
    public ConsoleChunk readFrom(UUID vmId, long position) {
        VmView vm = vms.get(vmId);
        ConsoleAccess console = hosts.connection(vm.hostId()).require(ConsoleAccess.class, "serial console");
        return console.readConsoleFrom(vmId, Math.max(0, position), MAX_CHUNK);
    }

    /**
     * Keystrokes from a terminal on the VM's serial console, as the terminal sends them: control
     * characters (Enter as CR, backspace, Ctrl-C, the escape sequences of arrow keys) go to the guest as
     * they are, as on a serial line; only NUL is refused. The session they belong to was checked and
     * recorded when it opened ({@link #openSession}), so single keystrokes are not audited one by one.
     */
    public void type(UUID vmId, String keystrokes) {
        if (keystrokes == null || keystrokes.isEmpty()) {
            throw new InvalidValueException("text", "", "must not be empty");
        }
        if (keystrokes.length() > ConsoleInput.MAX_INPUT) {
            throw new InvalidValueException("text", keystrokes.length() + " characters", "must be at most " + ConsoleInput.MAX_INPUT + " characters");
        }
        if (keystrokes.indexOf('\0') >= 0) {
            throw new InvalidValueException("text", "U+0000", "must not hold NUL characters");
        }
        VmView vm = vms.get(vmId);
        hosts.connection(vm.hostId()).require(ConsoleInput.class, "serial console input").writeConsole(vmId, keystrokes);
    }

    /**
     * Records that the signed-in user opened a console of the VM in the browser: {@code console} is
     * "serial" or "vnc", {@code typing} whether they may type on it. What is typed in the session is
     * not recorded (it may be a password for the guest).
     */
    @Audited("vm.console-session")
    public void openSession(UUID vmId, String console, boolean typing) {
        vms.get(vmId);
    }

    /**
     * A stream to the VM's VNC display for the console's proxy, opened the way its host's driver reaches
     * it (over TCP, or an SSH channel to a remote libvirt host); unsupported on hosts without one. Not in
     * a transaction: opening an SSH tunnel takes seconds.
     */
    public DisplayStream openVnc(UUID vmId) {
        VmView vm = vms.get(vmId);
        return hosts.connection(vm.hostId()).require(GraphicsConsole.class, "graphical console").openVnc(vmId);
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
