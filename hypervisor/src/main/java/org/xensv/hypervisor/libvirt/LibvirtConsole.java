package org.xensv.hypervisor.libvirt;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.libvirt.Domain;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.ConsoleAccess;
import org.xensv.hypervisor.spi.ConsoleChunk;
import org.xensv.hypervisor.spi.ConsoleInput;

/**
 * The serial console of a libvirt guest, through {@code virDomainOpenConsole}: a stream to the pty
 * QEMU (or Xen) gives the guest's first serial port. The stream is opened when the console starts a
 * domain (so the first line of its boot is kept) or on first use; what the guest prints is kept in a
 * ring per domain, across restarts, as on a real serial line's scrollback. Not offered on libvirt's
 * test driver, which has no console.
 */
final class LibvirtConsole implements ConsoleAccess, ConsoleInput {

    private final LibvirtConnection host;
    private final Map<UUID, ConsoleText> rings = new ConcurrentHashMap<>();
    private final Map<UUID, ConsoleStream> streams = new ConcurrentHashMap<>();

    LibvirtConsole(LibvirtConnection host) {
        this.host = host;
    }

    @Override
    public String readConsole(UUID uuid, int maxChars) {
        if (maxChars < 0) {
            throw new InvalidValueException("maxChars", maxChars, "must not be negative");
        }
        DomainInfo info = host.lifecycle().info(uuid);
        if (info.powerState() == PowerState.RUNNING || info.powerState() == PowerState.PAUSED) {
            attach(uuid);
        }
        return ring(uuid).read(maxChars);
    }

    @Override
    public ConsoleChunk readConsoleFrom(UUID uuid, long position, int maxChars) {
        if (maxChars < 0) {
            throw new InvalidValueException("maxChars", maxChars, "must not be negative");
        }
        DomainInfo info = host.lifecycle().info(uuid);
        if (info.powerState() == PowerState.RUNNING || info.powerState() == PowerState.PAUSED) {
            attach(uuid);
        }
        return ring(uuid).readFrom(position, maxChars);
    }

    @Override
    public void writeConsole(UUID uuid, String text) {
        if (text == null || text.length() > MAX_INPUT) {
            throw new InvalidValueException("text", text == null ? null : text.length() + " characters",
                    "must be at most " + MAX_INPUT + " characters");
        }
        DomainInfo info = host.lifecycle().info(uuid);
        if (info.powerState() != PowerState.RUNNING && info.powerState() != PowerState.PAUSED) {
            throw new HypervisorException("VM_CONSOLE_NOT_READING", Map.of("vm", info.name(), "actual", info.powerState().name()),
                    "VM '" + info.name() + "' is " + info.powerState().label() + ": nothing reads its serial console until it runs.");
        }
        ConsoleStream stream = attach(uuid);
        if (!stream.offer(text)) {
            throw new HypervisorException("VM_CONSOLE_INPUT_FULL", Map.of("vm", info.name(), "pending", stream.pending()),
                    "VM '" + info.name() + "' has not read the " + stream.pending() + " characters already typed on its serial console"
                            + " (at most " + ConsoleStream.MAX_PENDING + " wait): "
                            + (info.powerState() == PowerState.PAUSED ? "it is paused; unpause it" : "try again shortly") + ".");
        }
    }

    /** Called once the console has started a domain: follows its console from its first line. */
    void started(UUID uuid) {
        try {
            attach(uuid);
        } catch (HypervisorException e) {
            // the domain runs without a console stream (its XML has no serial port, or it stopped at once);
            // a read or a write says why
        }
    }

    /** The live stream to the domain's console, opened if there is none. */
    private synchronized ConsoleStream attach(UUID uuid) {
        ConsoleStream current = streams.get(uuid);
        if (current != null && current.isOpen()) {
            return current;
        }
        Domain domain = host.domain(uuid, "open the serial console");
        ConsoleStream opened = ConsoleStream.open(host, uuid, domain, ring(uuid));
        streams.put(uuid, opened);
        return opened;
    }

    private ConsoleText ring(UUID uuid) {
        return rings.computeIfAbsent(uuid, u -> new ConsoleText());
    }

    void closeAll() {
        streams.values().forEach(ConsoleStream::close);
        streams.clear();
    }
}
