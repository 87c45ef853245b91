package org.xensv.toolstack.event;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * In-process fan-out of inventory events to the console (push) and the REST API (server-sent
 * events). Events raised inside a transaction are delivered after it commits, never before.
 */
@Component
public class EventBus {

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final List<Consumer<InventoryEvent>> subscribers = new CopyOnWriteArrayList<>();

    /** Returns a handle whose close() unsubscribes. */
    public AutoCloseable subscribe(Consumer<InventoryEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
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
        for (Consumer<InventoryEvent> subscriber : subscribers) {
            try {
                subscriber.accept(event);
            } catch (RuntimeException e) {
                log.debug("event subscriber failed on {}: {}", event, e.toString());
            }
        }
    }
}
