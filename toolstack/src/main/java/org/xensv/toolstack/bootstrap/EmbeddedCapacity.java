package org.xensv.toolstack.bootstrap;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.embedded.EmbeddedDriver;
import org.xensv.hypervisor.embedded.EmbeddedMemoryBudget;
import org.xensv.hypervisor.embedded.EmbeddedRuntime;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;
import org.xensv.toolstack.task.TaskService;
import org.xensv.toolstack.task.TaskService.Subject;

/**
 * The memory of the embedded hosts, settled once at start before any host is connected: applies
 * {@code xensv.embedded.budget-mib}, refuses to start when the configured pool asks more than the
 * budget, and fits the embedded hosts an existing database already has into the budget.
 *
 * <p>A database from before the budget has hosts whose URIs ask 32768 MiB each. When the embedded
 * hosts of the database together ask more than the budget has free, each one that asks more than an
 * even share of it is resized to that share (its URI rewritten), and a task on the host says so; the
 * others keep their size. So an existing {@code ./data} still gets a console whose hosts connect.
 */
@Component
@EnableConfigurationProperties(EmbeddedPoolProperties.class)
class EmbeddedCapacity implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedCapacity.class);

    private final EmbeddedPoolProperties properties;
    private final HostService hosts;
    private final TaskService tasks;
    private final EmbeddedMemoryBudget budget = EmbeddedMemoryBudget.process();

    EmbeddedCapacity(EmbeddedPoolProperties properties, HostService hosts, TaskService tasks) {
        this.properties = properties;
        this.hosts = hosts;
        this.tasks = tasks;
    }

    /** Runs after every bean exists and before the scheduler (and so the reconciler) starts. */
    @Override
    public void afterSingletonsInstantiated() {
        applyBudgetLimit();
        checkConfiguredPool();
        log.info("embedded memory budget: {}", budget);
        fitExistingHosts();
    }

    /**
     * The size of each host of the pool created on a fresh database: for {@code auto}, what the
     * budget has free (all of it, in a fresh process) split evenly across the hosts.
     */
    long hostMemoryMiB() {
        return properties.hostMemoryMiB(budget.freeMiB());
    }

    private void applyBudgetLimit() {
        if (properties.budgetMiB() == null) {
            return;
        }
        try {
            budget.limitTo(properties.budgetMiB());
        } catch (HypervisorException e) {
            throw new EmbeddedCapacityException("xensv.embedded.budget-mib=" + properties.budgetMiB() + " is refused: "
                    + e.getMessage(), "Lower xensv.embedded.budget-mib (XENSV_EMBEDDED_BUDGETMIB) or leave it unset to use "
                    + budget.machine().availableMiB() + " MiB, all this machine can give.");
        }
    }

    private void checkConfiguredPool() {
        if (!properties.enabled() || properties.autoMemory()) {
            return;
        }
        long each = properties.hostMemoryMiB(budget.totalMiB());
        long asked = each * properties.hosts();
        if (asked > budget.totalMiB()) {
            throw new EmbeddedCapacityException("The embedded pool asks " + properties.hosts() + " hosts x " + each + " MiB = "
                    + asked + " MiB of memory, more than the " + budget.totalMiB() + " MiB this machine can give embedded hosts ("
                    + budget.machine().describe() + ").",
                    "Set xensv.embedded.memory-mib (XENSV_EMBEDDED_MEMORYMIB) to auto, which splits the budget across the hosts,"
                            + " or to at most " + budget.totalMiB() / properties.hosts() + " MiB; or give the machine more memory.");
        }
    }

    private record Asked(HostView host, URI uri, long memoryMiB) {
    }

    private void fitExistingHosts() {
        List<Asked> waiting = new ArrayList<>();
        for (HostView host : hosts.list()) {
            URI uri = URI.create(host.uri());
            if (!"embedded".equals(uri.getScheme())) {
                continue;
            }
            try {
                EmbeddedDriver.HostRequest request = EmbeddedDriver.request(uri);
                if (EmbeddedRuntime.existing(request.name()) == null && request.memoryMiB() > 0) {
                    waiting.add(new Asked(host, uri, request.memoryMiB()));
                }
            } catch (HypervisorException e) {
                // a malformed URI is the reconciler's to report on the host
            }
        }
        long asked = waiting.stream().mapToLong(Asked::memoryMiB).sum();
        long free = budget.freeMiB();
        if (waiting.isEmpty() || asked <= free) {
            return;
        }
        long share = free / waiting.size();
        for (Asked a : waiting) {
            if (a.memoryMiB() > share) {
                resize(a, share, asked, free, waiting.size());
            }
        }
    }

    private void resize(Asked a, long share, long asked, long free, int count) {
        String why = "Host '" + a.host().name() + "' asked " + a.memoryMiB() + " MiB of memory; the " + count
                + " embedded hosts together asked " + asked + " MiB, more than the " + free + " MiB this machine can give them ("
                + budget.machine().describe() + "). Resized to " + share + " MiB, an even share.";
        hosts.readdress(a.host().id(), EmbeddedDriver.withMemoryMiB(a.uri(), share).toString());
        tasks.record("Resize host to fit the memory budget", new Subject("RESIZE", ObjectType.HOST, a.host().id(),
                a.host().name()), why);
        log.warn(why);
    }
}
