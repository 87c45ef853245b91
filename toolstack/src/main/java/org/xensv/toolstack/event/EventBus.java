package org.xensv.toolstack.event;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Fan-out of inventory events to the console (push) and the REST API (server-sent events). Events
 * raised inside a transaction are delivered after it commits, never before. Where consoles share a
 * database, each event is also handed to the relay ({@link #relayTo}), which tells the other consoles
 * (PostgreSQL's NOTIFY), and their events come back through {@link #deliverFromOtherConsole}: to
 * every subscriber, but not to the {@link #subscribeLocal local} ones, which do the work a change
 * calls for once, in the console that made it.
 *
 * <p>Once the console has begun to stop, its events still reach the other consoles but no longer its
 * own subscribers: the browsers and event streams have been let go, and what the stop does (suspending
 * the running VMs) would otherwise be redrawn for views whose database is closing.
 */
@Component
public class EventBus {

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    /** In the order they subscribed; {@code local}: this console's events only. */
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private volatile Consumer<InventoryEvent> relay = event -> { };
    private final ApplicationContext context;
    private volatile boolean stopping;

    public EventBus(ApplicationContext context) {
        this.context = context;
    }

    /** This console is stopping (its own context closing, not another one whose events reach this one). */
    @EventListener
    void onClose(ContextClosedEvent closed) {
        if (closed.getApplicationContext() == context) {
            stopping = true;
        }
    }

    /** Every event, this console's and the other consoles'; returns a handle whose close() unsubscribes. */
    public AutoCloseable subscribe(Consumer<InventoryEvent> subscriber) {
        return add(new Subscriber(subscriber, false));
    }

    /**
     * This console's events only: for a subscriber that acts on a change (gives a new pool its
     * network, deletes a deleted object's tags), which the console that made the change does, once.
     */
    public AutoCloseable subscribeLocal(Consumer<InventoryEvent> subscriber) {
        return add(new Subscriber(subscriber, true));
    }

    private record Subscriber(Consumer<InventoryEvent> consumer, boolean local) {
    }

    private AutoCloseable add(Subscriber subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Where this console's committed events go to reach the other consoles (none by default: a console alone). */
    public void relayTo(Consumer<InventoryEvent> relay) {
        this.relay = relay;
    }

    /** An event another console committed: shown here as its own, without acting on it again or sending it back. */
    public void deliverFromOtherConsole(InventoryEvent event) {
        deliver(event, false);
    }

    public void created(InventoryEvent.ObjectType type, UUID id) {
        publish(new InventoryEvent(InventoryEvent.Kind.CREATED, type, id));
    }

    public void changed(InventoryEvent.ObjectType type, UUID id) {
        publish(new InventoryEvent(InventoryEvent.Kind.CHANGED, type, id));
    }

    public void deleted(InventoryEvent.ObjectType type, UUID id) {
        publish(new InventoryEvent(InventoryEvent.Kind.DELETED, type, id));
    }

    public void publish(InventoryEvent event) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    deliver(event);
                }
            });
        } else {
            deliver(event);
        }
    }

    private void deliver(InventoryEvent event) {
        deliver(event, true);
        try {
            relay.accept(event);
        } catch (RuntimeException e) {
            log.debug("relaying {} to the other consoles failed: {}", event, e.toString());
        }
    }

    private void deliver(InventoryEvent event, boolean ownEvent) {
        if (stopping) {
            return;
        }
        for (Subscriber subscriber : subscribers) {
            if (subscriber.local() && !ownEvent) {
                continue;
            }
            try {
                subscriber.consumer().accept(event);
            } catch (RuntimeException e) {
                log.debug("event subscriber failed on {}: {}", event, e.toString());
            }
        }
    }
}
