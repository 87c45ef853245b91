package org.xensv.hypervisor.embedded.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.xensv.hypervisor.api.WorkloadSpec;
import org.xensv.hypervisor.embedded.console.ConsoleRing;
import org.xensv.hypervisor.embedded.console.LineDiscipline;
import org.xensv.hypervisor.embedded.disk.VirtualDisk;
import org.xensv.hypervisor.memory.GuestMemory;
import org.xensv.hypervisor.embedded.net.Nic;
import org.xensv.hypervisor.embedded.sched.DomainClock;
import org.xensv.hypervisor.embedded.sched.VcpuBody;

/**
 * The guest operating system of one running domain: its workload on every vCPU, over its memory
 * and devices. Built fresh (boot) or from a {@link GuestState} (resume, migration).
 */
public final class Guest {

    /** The devices the guest can use (nic and disk may be null). */
    public record Devices(ConsoleRing console, Nic nic, VirtualDisk disk) {
    }

    private final String name;
    private final WorkloadSpec spec;
    private final GuestMemory memory;
    private final DomainClock clock;
    private final Devices devices;
    private final Workload workload;
    private final List<GuestCpu> cpus = new ArrayList<>();
    private final long fillPages;
    private final AtomicInteger bootedCpus = new AtomicInteger();
    private final AtomicLong bootStarted = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final byte[] logBlock = new byte[4096];
    /** The serial line's tty, read by vCPU 0 only. */
    private final LineDiscipline tty = new LineDiscipline();

    private Guest(String name, WorkloadSpec spec, GuestMemory memory, DomainClock clock, Devices devices, List<VcpuState> states) {
        this.name = name;
        this.spec = spec;
        this.memory = memory;
        this.clock = clock;
        this.devices = devices;
        this.workload = Workload.of(spec.kind());
        this.fillPages = Math.min(memory.pages(), spec.fillMiB() * 256);
        for (VcpuState state : states) {
            cpus.add(new GuestCpu(this, state));
        }
        cpus.forEach(c -> {
            if (c.booted()) {
                bootedCpus.incrementAndGet();
            }
        });
    }

    /** A guest about to boot: memory empty, every vCPU at its reset state. */
    public static Guest boot(String name, WorkloadSpec spec, GuestMemory memory, int vcpus, DomainClock clock, Devices devices) {
        List<VcpuState> states = new ArrayList<>(vcpus);
        for (int i = 0; i < vcpus; i++) {
            states.add(VcpuState.initial(i, spec.seed()));
        }
        return new Guest(name, spec, memory, clock, devices, states);
    }

    /** A guest continuing from a saved or migrated state over its restored memory. */
    public static Guest restore(String name, GuestState state, GuestMemory memory, DomainClock clock, Devices devices) {
        return new Guest(name, state.workload(), memory, clock, devices, state.vcpus());
    }

    /** The state of every vCPU; call only while the domain is paused. */
    public GuestState capture() {
        return new GuestState(spec, fillPages, cpus.stream().map(GuestCpu::state).toList());
    }

    public List<VcpuBody> vcpuBodies() {
        return List.copyOf(cpus);
    }

    public boolean booted() {
        return bootedCpus.get() == cpus.size();
    }

    public GuestMemory memory() {
        return memory;
    }

    public WorkloadSpec spec() {
        return spec;
    }

    int vcpuCount() {
        return cpus.size();
    }

    Workload workload() {
        return workload;
    }

    DomainClock clock() {
        return clock;
    }

    long fillPages() {
        return fillPages;
    }

    long workingSetPages() {
        long ws = spec.workingSetMiB() * 256;
        return ws == 0 ? fillPages : Math.min(ws, fillPages);
    }

    void bootBanner() {
        bootStarted.set(System.nanoTime());
        var console = devices.console();
        console.println("xensv-embedded guest kernel 1.0 (" + name + ") #1 SMP");
        console.println("Memory: " + memory.pages() / 256 + " MiB, " + cpus.size() + " vCPU(s)");
        console.println("Filling " + fillPages / 256 + " MiB with workload data (seed " + spec.seed() + ")...");
    }

    void cpuBooted() {
        if (bootedCpus.incrementAndGet() == cpus.size()) {
            long ms = (System.nanoTime() - bootStarted.get()) / 1_000_000;
            devices.console().println("Boot complete in " + ms + " ms; starting " + spec.kind().label().toLowerCase()
                    + " workload (working set " + workingSetPages() / 256 + " MiB, "
                    + (spec.pagesPerSecond() == 0 ? "unthrottled" : spec.pagesPerSecond() + " pages/s") + ")");
            devices.console().println(name + " login: root (automatic login on the serial console)");
            devices.console().print(GuestShell.prompt(name));
        }
    }

    /**
     * Reads what was typed on the serial console through the guest's tty ({@link LineDiscipline}: echo,
     * erase, Ctrl-C) and answers each line it completes ({@link GuestShell}); false if nothing was typed.
     */
    boolean serveConsole() {
        String typed = devices.console().input().takeAll();
        if (typed.isEmpty()) {
            return false;
        }
        tty.read(typed, devices.console(), line -> GuestShell.answer(this, line, devices.console()));
        return true;
    }

    String name() {
        return name;
    }

    long pageWritesTotal() {
        return cpus.stream().mapToLong(c -> c.pageWrites).sum();
    }

    void reportStatus(long clockNanos) {
        long writes = cpus.stream().mapToLong(c -> c.pageWrites).sum();
        StringBuilder line = new StringBuilder(String.format("[%10.3f] %s: %d page writes", clockNanos / 1e9, spec.kind().name().toLowerCase(), writes));
        if (devices.nic() != null) {
            var c = devices.nic().counters();
            line.append(", ").append(c.txPackets()).append(" frames sent (").append(c.txDropped()).append(" dropped)");
        }
        if (devices.disk() != null) {
            line.append(", ").append(commits.get()).append(" log commits");
        }
        if (bootedCpus.get() == cpus.size()) {
            // the shell waits at its prompt: the message goes on a line of its own, then the prompt and what
            // was typed so far are shown again (as a shell redraws its line after a job's notice), so the line
            // being typed stays whole on the screen
            devices.console().print("\n" + line + "\n" + GuestShell.prompt(name) + tty.typed());
        } else {
            devices.console().println(line.toString());
        }
    }

    void sendResponse(String dst, int bytes) {
        Nic nic = devices.nic();
        if (nic != null) {
            nic.transmit(dst, bytes, System.nanoTime());
        }
    }

    void flushNic() {
        Nic nic = devices.nic();
        if (nic != null) {
            nic.flush(System.nanoTime());
        }
    }

    boolean hasDisk() {
        return devices.disk() != null;
    }

    /** Appends a log block; 0 when done, else the time to wait until the disk's limits allow it. */
    long commit(long random) {
        VirtualDisk disk = devices.disk();
        long now = System.nanoTime();
        long blocks = disk.sizeBytes() / logBlock.length;
        long offset = Long.remainderUnsigned(random, blocks) * logBlock.length;
        synchronized (logBlock) {
            logBlock[0]++;
            if (!disk.write(offset, logBlock, now)) {
                return Math.max(now + 1, disk.availableAt(logBlock.length, now));
            }
        }
        commits.incrementAndGet();
        return 0;
    }
}
