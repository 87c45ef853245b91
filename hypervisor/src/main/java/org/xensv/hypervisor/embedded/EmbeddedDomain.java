package org.xensv.hypervisor.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.xensv.hypervisor.api.CrashAction;
import org.xensv.hypervisor.api.DiskConfig;
import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.DomainStats;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.api.NicConfig;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.PowerStateTable;
import org.xensv.hypervisor.api.RateLimit;
import org.xensv.hypervisor.api.SuspendImageException;
import org.xensv.hypervisor.embedded.console.ConsoleInput;
import org.xensv.hypervisor.embedded.console.ConsoleRing;
import org.xensv.hypervisor.spi.ConsoleChunk;
import org.xensv.hypervisor.memory.GuestMemory;
import org.xensv.hypervisor.embedded.persist.SuspendImage;
import org.xensv.hypervisor.embedded.workload.GuestState;
import org.xensv.hypervisor.embedded.workload.WorkloadInvariant;

/**
 * A domain of an embedded host, driven through the power-state table. While running or paused it
 * has a {@link DomainInstance}: memory, vCPUs in the credit scheduler, devices and a guest. Pause
 * returns once every vCPU has stopped at a safe point.
 *
 * <p>For live migration: {@link #memory()}, {@link #setThrottle(int)}, {@link #captureState()} on
 * the source; {@link EmbeddedHost#prepareIncoming}, {@link #incomingMemory()},
 * {@link #completeIncoming(GuestState)} and {@link #abortIncoming()} on the destination.
 */
public final class EmbeddedDomain {

    private final EmbeddedHost host;
    private final ConsoleRing console = new ConsoleRing();
    private volatile DomainConfig config;
    private volatile PowerState state = PowerState.HALTED;
    private volatile DomainInstance instance;
    private volatile boolean incoming;
    private final DomainCounters past = new DomainCounters();

    EmbeddedDomain(EmbeddedHost host, DomainConfig config) {
        this.host = host;
        this.config = config;
    }

    public DomainConfig config() {
        return config;
    }

    synchronized void reconfigure(DomainConfig newConfig) {
        this.config = newConfig;
        DomainInstance running = instance;
        if (running != null) {
            running.sched.setQos(newConfig.cpuQos().weight(), newConfig.cpuQos().capPercent());
        }
    }

    public PowerState state() {
        return state;
    }

    // ---- NIC hot-plug ----------------------------------------------------------------------------

    /**
     * Adds a NIC: onto the host's switch at once while the domain has an instance (running or
     * paused), into the config for the next start or resume otherwise. Refused, with nothing
     * changed, while the domain is arriving by migration or when the MAC is taken.
     */
    public synchronized void plugNic(NicConfig nic) {
        refuseWhileIncoming("plug a NIC into");
        if (config.nics().stream().anyMatch(n -> n.mac().equals(nic.mac()))) {
            throw new InvalidValueException("mac", nic.mac(), "is already a NIC of VM '" + name() + "'");
        }
        DomainInstance running = instance;
        if (running != null) {
            running.plug(host, nic);
        }
        var nics = new ArrayList<>(config.nics());
        nics.add(nic);
        config = config.withNics(nics);
    }

    /**
     * Removes a NIC: off the switch at once while the domain has an instance (the guest's frames on
     * it go nowhere from then on, as on an unplugged card), from the config otherwise.
     */
    public synchronized void unplugNic(String mac) {
        refuseWhileIncoming("unplug a NIC from");
        String normalised = mac == null ? "" : mac.toLowerCase();
        if (config.nics().stream().noneMatch(n -> n.mac().equals(normalised))) {
            throw new InvalidValueException("mac", mac, "is not a NIC of VM '" + name() + "'");
        }
        DomainInstance running = instance;
        if (running != null) {
            running.unplug(normalised);
        }
        config = config.withNics(config.nics().stream().filter(n -> !n.mac().equals(normalised)).toList());
    }

    // ---- live QoS --------------------------------------------------------------------------------

    /**
     * Gives the NIC with this MAC a new rate limit (null = unlimited): enforced at once while the
     * domain has an instance, kept in the config for the next start or resume either way.
     */
    public synchronized void setNicRate(String mac, RateLimit rate) {
        refuseWhileIncoming("change a NIC's rate of");
        String normalised = mac == null ? "" : mac.toLowerCase();
        if (config.nics().stream().noneMatch(n -> n.mac().equals(normalised))) {
            throw new InvalidValueException("mac", mac, "is not a NIC of VM '" + name() + "'");
        }
        DomainInstance running = instance;
        if (running != null) {
            running.nics.stream().filter(n -> n.mac().equals(normalised)).forEach(n -> n.setRateLimit(rate));
        }
        config = config.withNics(config.nics().stream()
                .map(n -> n.mac().equals(normalised) ? new NicConfig(n.mac(), n.vlan(), rate) : n).toList());
    }

    /**
     * Gives the disk whose config path is {@code path} new IO limits (0 = unlimited): enforced at
     * once while the domain has an instance, kept in the config either way.
     */
    public synchronized void setDiskLimits(String path, long iopsLimit, long bytesPerSecondLimit) {
        refuseWhileIncoming("change a disk's limits of");
        var disks = new ArrayList<>(config.disks());
        int index = -1;
        for (int i = 0; i < disks.size(); i++) {
            if (java.util.Objects.equals(disks.get(i).path(), path)) {
                index = i;
            }
        }
        if (index < 0) {
            throw new InvalidValueException("disk", path, "is not a disk of VM '" + name() + "'");
        }
        DiskConfig changed = disks.get(index).withLimits(iopsLimit, bytesPerSecondLimit);
        DomainInstance running = instance;
        if (running != null && index < running.disks.size()) {
            running.disks.get(index).setLimits(iopsLimit, bytesPerSecondLimit);
        }
        disks.set(index, changed);
        config = config.withDisks(disks);
    }

    private void refuseWhileIncoming(String what) {
        if (incoming) {
            throw new HypervisorException("VM_ARRIVING", java.util.Map.of("vm", name()),
                    "Cannot " + what + " VM '" + name() + "' while it is arriving by migration; try again when it has moved.");
        }
    }

    public DomainInfo info() {
        return new DomainInfo(config.uuid(), config.name().value(), state, config.vcpus().value(), config.memory().value());
    }

    boolean holdsMemory() {
        return state == PowerState.RUNNING || state == PowerState.PAUSED;
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    public void start() {
        synchronized (host) {
            synchronized (this) {
                check(Operation.START);
                host.checkFits(config, true);
                boot();
            }
        }
    }

    public synchronized void pause() {
        check(Operation.PAUSE);
        instance.sched.pause();
        state = PowerState.PAUSED;
    }

    public synchronized void unpause() {
        check(Operation.UNPAUSE);
        if (incoming) {
            throw new IllegalStateException("VM '" + name() + "' is still arriving by migration");
        }
        instance.sched.unpause();
        state = PowerState.RUNNING;
    }

    public synchronized void cleanShutdown() {
        check(Operation.CLEAN_SHUTDOWN);
        console.println("reboot: Power down");
        halt();
    }

    public synchronized void hardShutdown() {
        check(Operation.HARD_SHUTDOWN);
        halt();
        deleteSuspendImage();
    }

    public synchronized void cleanReboot() {
        check(Operation.CLEAN_REBOOT);
        console.println("reboot: Restarting system");
        teardown();
        boot();
    }

    public synchronized void hardReboot() {
        check(Operation.HARD_REBOOT);
        teardown();
        boot();
    }

    /** Pauses, writes memory and vCPU state to the host's directory, and releases the memory. */
    public synchronized void suspend() {
        check(Operation.SUSPEND);
        writeImageAndRelease();
    }

    /**
     * Managed save (libvirt's, for a host that stops): as {@link #suspend()}, but from running or
     * paused; a paused domain's vCPUs are already stopped and are not run again. Which state it was
     * in is the caller's to remember: the image holds memory and vCPU state only.
     */
    public synchronized void managedSave() {
        if (!holdsMemory() || incoming) {
            throw new org.xensv.hypervisor.api.BadPowerStateException(name(), Operation.SUSPEND,
                    java.util.EnumSet.of(PowerState.RUNNING, PowerState.PAUSED), state);
        }
        writeImageAndRelease();
    }

    /** A domain defined again after its host restarted: its suspend image makes it suspended. */
    synchronized void adoptSuspendImage() {
        if (state != PowerState.HALTED || !Files.isRegularFile(suspendImage())) {
            throw new SuspendImageException(name(), suspendImage().toString(), "is not there to restore from", null);
        }
        state = PowerState.SUSPENDED;
    }

    private void writeImageAndRelease() {
        boolean wasRunning = state == PowerState.RUNNING;
        instance.sched.pause();
        Path file = suspendImage();
        try {
            SuspendImage.write(file, config.uuid(), instance.guest().capture(), instance.memory);
        } catch (IOException e) {
            if (wasRunning) {
                instance.sched.unpause();
            }
            throw new SuspendImageException(name(), file.toString(), "could not be written: " + e.getMessage(), e);
        }
        console.println("PM: suspended to " + file.getFileName());
        teardown();
        state = PowerState.SUSPENDED;
    }

    /** Reads the suspend image back, verifies memory and the workload invariant, and runs on. */
    public void resume() {
        restore(true);
    }

    /** As {@link #resume()}, but the vCPUs stay stopped: the domain comes back paused, nothing having run. */
    public void resumePaused() {
        restore(false);
    }

    private void restore(boolean run) {
        synchronized (host) {
            synchronized (this) {
                check(Operation.RESUME);
                host.checkFits(config, true);
                Path file = suspendImage();
                SuspendImage.Contents contents;
                try {
                    contents = SuspendImage.read(file);
                } catch (IOException e) {
                    throw new SuspendImageException(name(), file.toString(), "could not be read: " + e.getMessage(), e);
                }
                var report = WorkloadInvariant.verify(contents.memory(), contents.state());
                if (!report.ok()) {
                    throw new SuspendImageException(name(), file.toString(), "fails the memory invariant: " + report.failures(), null);
                }
                instance = wire(DomainInstance.restore(host, config, console, contents.memory(), contents.state()));
                console.println("PM: resumed, " + contents.pagesWritten() + " pages restored and verified"
                        + (run ? "" : "; paused"));
                if (run) {
                    instance.sched.unpause();
                    state = PowerState.RUNNING;
                } else {
                    state = PowerState.PAUSED;
                }
                deleteSuspendImage();
            }
        }
    }

    /** Tears everything down whatever the state (host removal, undefine). */
    synchronized void destroy() {
        teardown();
        state = PowerState.HALTED;
        incoming = false;
    }

    /** Deletes the files the host made for this domain (suspend image, default disk images). */
    void deleteFiles() {
        deleteSuspendImage();
        for (int i = 0; i < config.disks().size(); i++) {
            if (config.disks().get(i).path() == null) {
                deleteQuietly(host.directory().resolve(config.uuid() + "-disk" + i + ".img"));
            }
        }
    }

    // ---- crashes -------------------------------------------------------------------------------

    /** The guest crashed (injected, or a vCPU failed): follow on_crash and tell the listeners. */
    public void crash(String reason) {
        PowerState after;
        synchronized (this) {
            if (instance == null) {
                return;
            }
            console.println("Kernel panic - not syncing: " + reason);
            CrashAction action = config.onCrash();
            switch (action) {
                case DESTROY -> halt();
                case RESTART -> {
                    teardown();
                    boot();
                }
                case PRESERVE -> {
                    instance.sched.pause();
                    state = PowerState.PAUSED;
                }
            }
            after = state;
        }
        host.fire(config.uuid(), after, "crashed (" + reason + "), on_crash=" + config.onCrash().name().toLowerCase());
    }

    // ---- what migration and the toolstack read -------------------------------------------------

    /** The guest's memory while it is running or paused (null when halted or suspended). */
    public GuestMemory memory() {
        DomainInstance running = instance;
        return running == null ? null : running.memory;
    }

    /**
     * The open images of the disks kept in the host's own directory (config path null or relative),
     * in config order: the ones a migration must carry (an image at an absolute path is on storage
     * both hosts reach). Empty when halted or suspended.
     */
    public java.util.List<org.xensv.hypervisor.embedded.disk.VirtualDisk> hostLocalDisks() {
        DomainInstance running = instance;
        if (running == null) {
            return java.util.List.of();
        }
        var local = new java.util.ArrayList<org.xensv.hypervisor.embedded.disk.VirtualDisk>();
        for (int i = 0; i < running.disks.size() && i < config.disks().size(); i++) {
            if (config.disks().get(i).hostLocal()) {
                local.add(running.disks.get(i));
            }
        }
        return local;
    }

    /**
     * Checks the guest's memory against its workload's invariant at a safe point: a running domain
     * is paused for the check and runs on after it.
     */
    public synchronized WorkloadInvariant.Report checkMemory() {
        DomainInstance current = instance;
        if (current == null || current.guest() == null || incoming) {
            throw new org.xensv.hypervisor.api.HypervisorException("VM_NOT_RUNNING",
                    java.util.Map.of("vm", name(), "actual", state.name()),
                    "Cannot check the memory of VM '" + name() + "': it is " + state.label()
                            + "; only a running or paused VM has memory to check.");
        }
        boolean wasRunning = state == PowerState.RUNNING;
        if (wasRunning) {
            current.sched.pause();
        }
        try {
            return WorkloadInvariant.verify(current.memory, current.guest().capture());
        } finally {
            if (wasRunning) {
                current.sched.unpause();
            }
        }
    }

    /** Withholds {@code percent} (0..99) of every vCPU's time, slowing the guest (auto-converge). */
    public void setThrottle(int percent) {
        running().sched.setThrottle(percent);
    }

    public int throttle() {
        DomainInstance running = instance;
        return running == null ? 0 : running.sched.throttle();
    }

    /** The vCPU and workload state; the domain must be paused (a safe point). */
    public synchronized GuestState captureState() {
        if (state != PowerState.PAUSED || instance.guest() == null) {
            throw new IllegalStateException("VM '" + name() + "' must be paused to capture its vCPU state");
        }
        return instance.guest().capture();
    }

    /** Destination of a migration: the (paused) domain's empty memory that pages are written into. */
    public GuestMemory incomingMemory() {
        if (!incoming) {
            throw new IllegalStateException("VM '" + name() + "' is not arriving by migration");
        }
        return instance.memory;
    }

    /** Destination: all state has arrived; the vCPUs are loaded, still paused until unpause(). */
    public synchronized void completeIncoming(GuestState guestState) {
        if (!incoming) {
            throw new IllegalStateException("VM '" + name() + "' is not arriving by migration");
        }
        instance.run(org.xensv.hypervisor.embedded.workload.Guest.restore(name(), guestState, instance.memory,
                instance.sched.clock(), instance.devices));
        incoming = false;
        console.println("xensv: migrated in, " + instance.memory.populatedPages() + " pages");
    }

    /** Destination: the migration failed; discard everything received. */
    public synchronized void abortIncoming() {
        teardown();
        incoming = false;
        state = PowerState.HALTED;
    }

    synchronized void prepareIncoming() {
        instance = wire(DomainInstance.incoming(host, config, console));
        incoming = true;
        state = PowerState.PAUSED;
    }

    public boolean isIncoming() {
        return incoming;
    }

    /** The serial console: the last {@code maxChars} characters the guest printed. */
    public String readConsole(int maxChars) {
        return console.read(maxChars);
    }

    /** The serial console from {@code position} on ({@link ConsoleRing#readFrom}). */
    public ConsoleChunk readConsoleFrom(long position, int maxChars) {
        return console.readFrom(position, maxChars);
    }

    /**
     * Types {@code text} on the serial console for the guest to read (its shell answers each line
     * once it has booted; a paused guest reads it when unpaused). Refused, with nothing queued, when
     * the domain is neither running nor paused, or when the guest has more than
     * {@link ConsoleInput#CAPACITY} characters still to read.
     */
    public synchronized void writeConsole(String text) {
        if (state != PowerState.RUNNING && state != PowerState.PAUSED) {
            throw new HypervisorException("VM_CONSOLE_NOT_READING", Map.of("vm", name(), "actual", state.name()),
                    "VM '" + name() + "' is " + state.label() + ": nothing reads its serial console until it runs.");
        }
        if (!console.input().offer(text)) {
            throw new HypervisorException("VM_CONSOLE_INPUT_FULL", Map.of("vm", name(), "pending", console.input().pending()),
                    "VM '" + name() + "' has not read the " + console.input().pending() + " characters already typed on its serial console"
                            + " (at most " + ConsoleInput.CAPACITY + " wait): " + (state == PowerState.PAUSED ? "it is paused; unpause it" : "try again shortly") + ".");
        }
        instance.sched.wake(); // an interrupt from the serial line
    }

    public long cpuTimeNanos() {
        DomainInstance running = instance;
        synchronized (past) {
            return past.cpuNanos + (running == null ? 0 : running.sched.cpuTimeNanos());
        }
    }

    long touchedBytes() {
        DomainInstance running = instance;
        return running == null ? 0 : running.memory.touchedBytes();
    }

    public DomainStats stats() {
        DomainInstance running = instance;
        synchronized (past) {
            DomainCounters now = running == null ? past : past.plus(DomainCounters.of(running));
            return now.toStats(config.uuid(), touchedBytes());
        }
    }

    // ---- internals -----------------------------------------------------------------------------

    /** Boots a fresh instance; if that fails (e.g. a device is unavailable) the domain is halted. */
    private void boot() {
        try {
            instance = wire(DomainInstance.boot(host, config, console));
        } catch (RuntimeException e) {
            state = PowerState.HALTED;
            throw e;
        }
        instance.sched.unpause();
        state = PowerState.RUNNING;
    }

    private DomainInstance wire(DomainInstance fresh) {
        fresh.sched.onCrash(e -> Thread.ofVirtual().start(() -> crash(e.getClass().getSimpleName() + ": " + e.getMessage())));
        return fresh;
    }

    private void halt() {
        teardown();
        state = PowerState.HALTED;
    }

    private void teardown() {
        DomainInstance running = instance;
        if (running != null) {
            running.teardown();
            synchronized (past) {
                past.add(DomainCounters.of(running));
            }
            instance = null;
            running.memory.release();
        }
    }

    private DomainInstance running() {
        DomainInstance running = instance;
        if (running == null) {
            throw new IllegalStateException("VM '" + name() + "' is not running");
        }
        return running;
    }

    private Path suspendImage() {
        return host.suspendImage(config.uuid());
    }

    private void deleteSuspendImage() {
        deleteQuietly(suspendImage());
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover file in the host directory harms nothing
        }
    }

    private String name() {
        return config.name().value();
    }

    private void check(Operation op) {
        PowerStateTable.check(name(), state, op);
    }
}
