package org.xensv.toolstack.vm;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.xensv.hypervisor.api.PowerState;
import org.xensv.hypervisor.spi.DomainEventListener;
import org.xensv.hypervisor.spi.DomainEvents;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.host.HostLeases;
import org.xensv.toolstack.host.HostService;
import org.xensv.toolstack.host.HostView;

/**
 * What makes the {@link VmReconciler} look at a host: the host's own domain events, where its driver
 * pushes them (libvirt's lifecycle events, the embedded runtime's), so a domain started, stopped,
 * defined or undefined behind the console's back shows within moments; a host just added; and a
 * slow resync of every host ({@code xensv.reconcile.interval}, 15 s by default) as the safety net for
 * what no event tells (a host that stopped answering, a driver without events). Rounds run on one
 * thread of their own, never on the driver's event thread and never inside a transaction; events
 * that arrive while a round for the host is waiting to run join it.
 * <p>
 * Where consoles share a database, a console reconciles, and follows the events of, only the hosts
 * it holds the lease of ({@link HostLeases}): a round first claims its host, and a round of a host
 * another console serves does nothing here (and drops a subscription left from when this console
 * served it). Every {@code xensv.cluster.claim-interval} (2 s) a console also claims the hosts nobody
 * serves (a new host; the hosts of a console that stopped or lost its database session) and reconciles
 * each one it takes at once.
 */
@Component
class DomainEventFeed {

    private static final Logger log = LoggerFactory.getLogger(DomainEventFeed.class);

    private final VmReconciler reconciler;
    private final HostService hosts;
    private final HostLeases leases;
    private final ExecutorService rounds = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("domain-events").factory());
    /** Hosts with a round waiting to run. */
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
    /** The subscription to each host's events, with the connection it is on. */
    private final Map<UUID, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AutoCloseable inventory;
    private final ApplicationEventPublisher published;

    private record Subscription(HostConnection connection, AutoCloseable handle) {
    }

    DomainEventFeed(VmReconciler reconciler, HostService hosts, HostLeases leases, EventBus events, ApplicationEventPublisher published) {
        this.reconciler = reconciler;
        this.published = published;
        this.leases = leases;
        this.hosts = hosts;
        this.inventory = events.subscribe(this::inventoryChanged);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        reconciler.startReconciling();
        hosts.list().forEach(host -> request(host.id()));
        try {
            rounds.execute(() -> published.publishEvent(new HostsInStep())); // one thread: after the rounds asked above
        } catch (RejectedExecutionException e) {
            log.debug("the console stopped before its hosts were brought in step");
        }
    }

    @Scheduled(fixedDelayString = "${xensv.reconcile.interval:PT15S}", initialDelayString = "${xensv.reconcile.initial-delay:PT0S}")
    void resync() {
        if (!reconciler.ready()) {
            return;
        }
        for (HostView host : hosts.list()) {
            round(host.id());
        }
    }

    /**
     * Takes the hosts no console serves (where consoles share the database), and gives up the
     * subscriptions of hosts another console serves now. Alone on its database a console serves every
     * host, and this does nothing.
     */
    @Scheduled(fixedDelayString = "${xensv.cluster.claim-interval:PT2S}", initialDelayString = "${xensv.cluster.claim-interval:PT2S}")
    void claim() {
        if (!reconciler.ready()) {
            return;
        }
        for (HostView host : hosts.list()) {
            if (leases.serves(host.id())) {
                continue;
            }
            if (leases.claim(host.id())) {
                request(host.id());
            } else {
                leases.goneConsole(host.id()).ifPresent(console -> hostWentWithItsConsole(host, console));
            }
        }
        for (UUID followed : subscriptions.keySet()) {
            if (!leases.serves(followed)) {
                request(followed); // the round finds the host served elsewhere and unsubscribes
            }
        }
    }

    /** An embedded host of a console that is not running: shown disconnected, its VMs' state unknown, until that console is back. */
    private void hostWentWithItsConsole(HostView host, String console) {
        try {
            hosts.recordUnreachable(host.id(), "console '" + console + "', which this embedded host lives in, is not running");
            reconciler.markUnknown(host.id());
        } catch (RuntimeException e) {
            log.debug("recording host {} unreachable: {}", host.name(), e.getMessage());
        }
    }

    /** Asks for a round of the host on the feed's thread; one waiting round per host is enough. */
    void request(UUID hostId) {
        if (pending.add(hostId)) {
            try {
                rounds.execute(() -> {
                    pending.remove(hostId);
                    round(hostId);
                });
            } catch (RejectedExecutionException e) {
                pending.remove(hostId); // the console is stopping
            }
        }
    }

    private void round(UUID hostId) {
        if (!reconciler.ready()) {
            return;
        }
        if (!leases.claim(hostId)) {
            unfollow(hostId); // another console serves the host (or it is gone)
            return;
        }
        try {
            reconciler.reconcile(hostId, connection -> follow(hostId, connection));
        } catch (ObjectOptimisticLockingFailureException e) {
            log.debug("host {} changed while reconciling; the next round catches up", hostId);
        } catch (RuntimeException e) {
            log.warn("reconciling host {} failed: {}", hostId, e.getMessage());
        }
    }

    /** Subscribes to the events of the host's current connection, once per connection. */
    private void follow(UUID hostId, HostConnection connection) {
        Subscription current = subscriptions.get(hostId);
        if (current != null && current.connection() == connection) {
            return;
        }
        unfollow(hostId);
        if (connection == null) {
            return;
        }
        connection.find(DomainEvents.class).ifPresent(source -> {
            AutoCloseable handle = source.subscribe(new DomainEventListener() {
                @Override
                public void powerStateChanged(UUID uuid, PowerState state, String reason) {
                    request(hostId);
                }

                @Override
                public void domainListChanged(UUID uuid, String reason) {
                    request(hostId);
                }
            });
            subscriptions.put(hostId, new Subscription(connection, handle));
        });
    }

    private void unfollow(UUID hostId) {
        Subscription old = subscriptions.remove(hostId);
        if (old != null) {
            try {
                old.handle().close();
            } catch (Exception e) {
                log.debug("unsubscribing from host {}: {}", hostId, e.toString());
            }
        }
    }

    private void inventoryChanged(InventoryEvent event) {
        if (event.objectType() != ObjectType.HOST) {
            return;
        }
        switch (event.kind()) {
            case CREATED -> request(event.id());
            case DELETED -> {
                try {
                    rounds.execute(() -> {
                        unfollow(event.id());
                        reconciler.forget(event.id());
                        leases.release(event.id());
                    });
                } catch (RejectedExecutionException e) {
                    // the console is stopping: every subscription closes with it
                }
            }
            case CHANGED -> {
                // a host's own observations: the round that made them has already run
            }
        }
    }

    @EventListener(ContextClosedEvent.class)
    void stop() throws Exception {
        inventory.close();
        rounds.shutdownNow();
        subscriptions.keySet().forEach(this::unfollow);
    }
}
