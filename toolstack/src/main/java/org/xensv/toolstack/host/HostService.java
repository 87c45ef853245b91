package org.xensv.toolstack.host;

import org.xensv.toolstack.audit.Audited;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import jakarta.persistence.EntityManager;

import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.spi.Drivers;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.toolstack.cluster.ClusterLocks;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.error.NotFoundException;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.pool.PoolService;

/** Hosts of the pools, and the driver connection to each. */
@Service
public class HostService {

    /** The URIs the installed drivers serve: a form's hint, and the message of a missing one. */
    public static final String URIS = "embedded://<name> (a host in this console), xensv+tcp://<address>:7443 (a host agent),"
            + " test:///default (libvirt's test driver), qemu:///system, qemu+ssh://user@host/system or xen:///system";

    private final HostRepository hosts;
    private final HostConnections connections;
    private final PoolService pools;
    private final EventBus events;
    private final EntityManager entityManager;
    private final List<HostRemovalCheck> removalChecks;
    private final List<HostMoveListener> moveListeners;
    private final List<HostFencing> fencing;
    /** One refresh of a host at a time, and none while HA claims the host's VMs (see {@link #exclusively}). */
    private final Map<UUID, Object> gates = new java.util.concurrent.ConcurrentHashMap<>();

    private final TransactionTemplate tx;
    private final ClusterLocks cluster;

    HostService(HostRepository hosts, HostConnections connections, PoolService pools, EventBus events,
                EntityManager entityManager, List<HostRemovalCheck> removalChecks, List<HostMoveListener> moveListeners,
                List<HostFencing> fencing, PlatformTransactionManager transactions, ClusterLocks cluster) {
        this.cluster = cluster;
        this.fencing = fencing;
        this.tx = new TransactionTemplate(transactions);
        this.moveListeners = moveListeners;
        this.removalChecks = removalChecks;
        this.entityManager = entityManager;
        this.hosts = hosts;
        this.connections = connections;
        this.pools = pools;
        this.events = events;
    }

    @Transactional(readOnly = true)
    public List<HostView> list() {
        return hosts.findAllByOrderByName().stream().map(Host::view).toList();
    }

    @Transactional(readOnly = true)
    public HostView get(UUID id) {
        return find(id).view();
    }

    /** Adds a host to a pool and connects to it; a host that cannot be reached is kept, disconnected. */
    @Transactional
    @Audited("host.add")
    public HostView add(UUID poolId, String name, String uri) {
        if (poolId == null || !pools.exists(poolId)) {
            throw new InvalidValueException("poolId", poolId, "must name an existing pool");
        }
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new InvalidValueException("name", name, "must be 1 to 64 characters");
        }
        if (hosts.existsByNameIgnoreCase(name.strip())) {
            throw new InvalidValueException("name", name, "is already used by another host");
        }
        if (uri == null || uri.isBlank() || uri.length() > 512) {
            throw new InvalidValueException("uri", uri, "must be a host URI: " + URIS);
        }
        connections.drivers().validate(Drivers.parse(uri.strip()));
        if (hosts.existsByUri(uri.strip())) {
            throw new InvalidValueException("uri", uri, "is already the address of another host");
        }
        Host fresh = new Host(poolId, name.strip(), uri.strip());
        if (fresh.embedded()) {
            fresh.livesIn(cluster.consoleId()); // it lives in this console's process, and is served by it alone
        }
        Host host = hosts.saveAndFlush(fresh);
        refresh(host);
        events.created(ObjectType.HOST, host.id());
        return host.view();
    }

    /** Forgets a host that runs no VMs. */
    @Transactional
    @Audited("host.remove")
    public void remove(UUID id) {
        Host host = find(id);
        long vms = hosts.countVms(id);
        if (vms > 0) {
            throw new ConflictException("HOST_NOT_EMPTY", Map.of("host", host.name(), "vms", vms),
                    "Host '" + host.name() + "' still has " + vms + " VM(s); migrate or destroy them first.");
        }
        removalChecks.forEach(check -> check.checkRemovable(id, host.name()));
        hosts.delete(host);
        if (!inAnotherConsole(host)) {
            connections.retire(id, host.uri());
        }
        events.deleted(ObjectType.HOST, id);
    }

    /**
     * Moves a host that has no VMs (templates included) to another pool: its local storage goes with
     * it, and from then on it reaches the new pool's networks and shared storage. A host with VMs is
     * refused, naming how many: a VM's NICs and disks belong to its pool, so it would be cut off.
     */
    @Transactional
    @Audited("host.move")
    public HostView moveToPool(UUID id, UUID poolId) {
        Host host = find(id);
        if (poolId == null || !pools.exists(poolId)) {
            throw new InvalidValueException("poolId", poolId, "must name an existing pool");
        }
        if (poolId.equals(host.poolId())) {
            return host.view();
        }
        long vms = hosts.countVms(id);
        if (vms > 0) {
            throw new ConflictException("HOST_NOT_EMPTY", Map.of("host", host.name(), "vms", vms),
                    "Host '" + host.name() + "' still has " + vms + " VM(s) or template(s); a host moves to another pool "
                            + "only when it has none: migrate them to another host of this pool, or destroy them, first.");
        }
        hosts.setPool(id, poolId);
        moveListeners.forEach(listener -> listener.movedToPool(id, poolId));
        events.changed(ObjectType.HOST, id);
        return find(id).view();
    }

    /**
     * Gives a host a new URI for the same driver (an embedded host resized to fit the memory budget,
     * for one); the next connection uses it.
     */
    @Transactional
    @Audited("host.readdress")
    public HostView readdress(UUID id, String uri) {
        Host host = find(id);
        if (!Drivers.parse(uri).getScheme().equals(Drivers.parse(host.uri()).getScheme())) {
            throw new InvalidValueException("uri", uri, "must keep the scheme of " + host.uri());
        }
        connections.drop(id);
        hosts.setUri(id, uri);
        events.changed(ObjectType.HOST, id);
        return find(id).view();
    }

    /**
     * Puts the host into maintenance mode unless it already is: true if this call did. Of two admins
     * racing to evacuate one host, one gets true and the other false (one row update sees the other's).
     */
    @Transactional
    public boolean claimMaintenance(UUID id) {
        find(id);
        boolean changed = hosts.changeMaintenance(id, true) == 1;
        if (changed) {
            events.changed(ObjectType.HOST, id);
        }
        return changed;
    }

    /** Marks a host in or out of maintenance mode: a host in maintenance accepts no new or incoming VMs. */
    @Transactional
    @Audited("host.set-maintenance")
    public HostView setMaintenance(UUID id, boolean maintenance) {
        Host host = find(id);
        if (host.maintenance() != maintenance) {
            hosts.setMaintenance(id, maintenance);
            events.changed(ObjectType.HOST, id);
        }
        return find(id).view();
    }

    /**
     * The host's live connection, or a HOST_OFFLINE conflict naming the host and the reason. It takes
     * no transaction of its own: connecting to a remote host may be slow.
     */
    public HostConnection connection(UUID id) {
        Host host = find(id);
        refuseIfInAnotherConsole(host);
        try {
            return connections.connect(id, host.uri());
        } catch (HypervisorException e) {
            throw ConflictException.hostDisconnected(host.name(), e.getMessage());
        }
    }

    /**
     * The same for a host already read (a sampler that goes through every host each second): its live
     * connection without reading the host again, else as {@link #connection(UUID)}.
     */
    public HostConnection connection(HostView host) {
        return connections.current(host.id()).orElseGet(() -> connection(host.id()));
    }

    /**
     * Connects (or notices it cannot), fences the host if high availability left it stale copies
     * ({@link HostFencing}), and records what the host reports; used by the reconciler.
     * The host is asked outside any transaction (unless the caller holds one); only the write of
     * what it said takes one.
     */
    public HostConnection refresh(UUID id) {
        return refresh(find(id));
    }

    /**
     * Runs {@code work} while no refresh of the host runs: a host that comes back is fenced and
     * recorded connected either wholly before or wholly after it. High availability claims a lost
     * host's VMs this way, so it never moves a VM away from a host that is being let back in.
     */
    public <T> T exclusively(UUID hostId, java.util.function.Supplier<T> work) {
        synchronized (gates.computeIfAbsent(hostId, id -> new Object())) {
            return work.get();
        }
    }

    private HostConnection refresh(Host host) {
        refuseIfInAnotherConsole(host);
        synchronized (gates.computeIfAbsent(host.id(), id -> new Object())) {
            return refreshAlone(host);
        }
    }

    private HostConnection refreshAlone(Host host) {
        HostConnection connection;
        boolean changed;
        try {
            connection = connections.connect(host.id(), host.uri());
            for (HostFencing f : fencing) {
                f.fence(host.id(), host.name(), connection);
            }
            changed = host.connected(connection.hostInfo());
        } catch (HypervisorException | IllegalStateException e) {
            connections.drop(host.id());
            connection = null;
            changed = host.disconnected(e.getMessage());
        }
        record(host, changed);
        return connection;
    }

    /**
     * Records a host disconnected without trying to reach it: an embedded host of another console
     * that is not running (its hosts went with its process), as every console then shows it.
     */
    public void recordUnreachable(UUID id, String reason) {
        Host host = find(id);
        if (host.connection() != ConnectionState.DISCONNECTED || !reason.equals(host.connectionError())) {
            record(host, host.disconnected(reason));
        }
    }

    private void record(Host host, boolean changed) {
        // The entity only worked out what changed; the row is written without a version check.
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            entityManager.detach(host);
        }
        if (changed) {
            tx.executeWithoutResult(status -> hosts.saveObserved(host.id(), host.connection(), host.connectionError(),
                    host.pcpus(), host.memoryMiB(), host.freeMemoryMiB(), host.hypervisor(), host.cpuModel(),
                    host.lastError(), host.lastErrorAt(), host.agentVersion()));
            events.changed(ObjectType.HOST, host.id());
        }
    }

    /**
     * Where consoles share the database, an embedded host lives inside the console that created it:
     * another console never connects to it (its driver would make an empty host of that name in its
     * own process) and says where it is served.
     */
    private void refuseIfInAnotherConsole(Host host) {
        if (inAnotherConsole(host)) {
            throw new ConflictException("HOST_IN_OTHER_CONSOLE", Map.of("host", host.name(), "console", host.consoleId()),
                    "Host '" + host.name() + "' is an embedded host of console '" + host.consoleId()
                            + "': it lives in that console's process, so act on it in that console.");
        }
    }

    private boolean inAnotherConsole(Host host) {
        return cluster.shared() && host.embedded() && host.consoleId() != null && !host.consoleId().equals(cluster.consoleId());
    }

    private Host find(UUID id) {
        return hosts.findById(id).orElseThrow(() -> new NotFoundException("host", id));
    }
}
