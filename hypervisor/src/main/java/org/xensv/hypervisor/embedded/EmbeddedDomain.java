package org.xensv.hypervisor.embedded;

import org.xensv.hypervisor.api.DomainConfig;
import org.xensv.hypervisor.api.DomainInfo;
import org.xensv.hypervisor.api.Operation;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.api.PowerStateTable;

/** A domain of an embedded host: its config and its power state, driven through the power-state table. */
public final class EmbeddedDomain {

    private final EmbeddedHost host;
    private volatile DomainConfig config;
    private volatile PowerState state = PowerState.HALTED;
    private volatile org.xensv.hypervisor.embedded.memory.GuestMemory memory;

    /** The guest's memory while it is running or paused (null when halted or suspended). */
    public org.xensv.hypervisor.embedded.memory.GuestMemory memory() {
        return memory;
    }

    private void boot() {
        var spec = config.workload().fitTo(config.memory());
        var mem = new org.xensv.hypervisor.embedded.memory.GuestMemory(config.memory().pages());
        long fill = spec.fillMiB() * 256;
        for (long pfn = 0; pfn < fill; pfn++) {
            mem.guestWrite(pfn, (p, page) -> org.xensv.hypervisor.embedded.workload.GuestPage.advance(page, p, spec.seed()));
        }
        memory = mem;
    }

    EmbeddedDomain(EmbeddedHost host, DomainConfig config) {
        this.host = host;
        this.config = config;
    }

    public DomainConfig config() {
        return config;
    }

    void reconfigure(DomainConfig config) {
        this.config = config;
    }

    public PowerState state() {
        return state;
    }

    public DomainInfo info() {
        return new DomainInfo(config.uuid(), config.name().value(), state, config.vcpus().value(), config.memory().value());
    }

    boolean holdsMemory() {
        return state == PowerState.RUNNING || state == PowerState.PAUSED;
    }

    public void start() {
        synchronized (host) {
            check(Operation.START);
            host.checkFits(config, true);
            boot();
            state = PowerState.RUNNING;
        }
    }

    public synchronized void pause() {
        check(Operation.PAUSE);
        state = PowerState.PAUSED;
    }

    public synchronized void unpause() {
        check(Operation.UNPAUSE);
        state = PowerState.RUNNING;
    }

    public synchronized void cleanShutdown() {
        check(Operation.CLEAN_SHUTDOWN);
        state = PowerState.HALTED;
    }

    public synchronized void hardShutdown() {
        check(Operation.HARD_SHUTDOWN);
        state = PowerState.HALTED;
    }

    public synchronized void cleanReboot() {
        check(Operation.CLEAN_REBOOT);
    }

    public synchronized void hardReboot() {
        check(Operation.HARD_REBOOT);
        state = PowerState.RUNNING;
    }

    public synchronized void suspend() {
        check(Operation.SUSPEND);
        state = PowerState.SUSPENDED;
    }

    public void resume() {
        synchronized (host) {
            check(Operation.RESUME);
            host.checkFits(config, true);
            state = PowerState.RUNNING;
        }
    }

    /** Tears everything down whatever the state (host removal, undefine). */
    synchronized void destroy() {
        state = PowerState.HALTED;
    }

    private void check(Operation op) {
        PowerStateTable.check(config.name().value(), state, op);
    }
}
