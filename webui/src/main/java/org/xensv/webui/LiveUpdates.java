package org.xensv.webui;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent;

import com.vaadin.flow.component.UI;

/**
 * Carries inventory events into one UI by server push. Events arrive on any thread and in bursts; a
 * burst becomes one update inside {@code ui.access}, at most every {@value #COALESCE_MS} ms, handed
 * the burst's events so that the view redraws only what they concern.
 */
final class LiveUpdates implements AutoCloseable {

    static final long COALESCE_MS = 200;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "xensv-ui-push");
        t.setDaemon(true);
        return t;
    });

    private final UI ui;
    private final Consumer<InventoryEvent> onEvent;
    private final Consumer<List<InventoryEvent>> refresh;
    private final Queue<InventoryEvent> burst = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AutoCloseable subscription;

    /** {@code onEvent} sees every event (inside ui.access); {@code refresh} runs once per burst, with its events. */
    LiveUpdates(UI ui, EventBus events, Consumer<InventoryEvent> onEvent, Consumer<List<InventoryEvent>> refresh) {
        this.ui = ui;
        this.onEvent = onEvent;
        this.refresh = refresh;
        this.subscription = events.subscribe(this::deliver);
    }

    private void deliver(InventoryEvent event) {
        if (event.objectType() == InventoryEvent.ObjectType.TASK) {
            ui.access(() -> onEvent.accept(event));
        }
        burst.add(event);
        if (pending.compareAndSet(false, true)) {
            TIMER.schedule(() -> {
                pending.set(false);
                List<InventoryEvent> events = new ArrayList<>();
                for (InventoryEvent e = burst.poll(); e != null; e = burst.poll()) {
                    events.add(e);
                }
                ui.access(() -> refresh.accept(events));
            }, COALESCE_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
