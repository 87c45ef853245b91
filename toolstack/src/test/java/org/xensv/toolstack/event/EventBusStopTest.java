package org.xensv.toolstack.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;

/**
 * A stopping console's events still reach the other consoles, but no longer its own subscribers
 * (views and streams whose database is closing); another context closing changes nothing here.
 */
class EventBusStopTest {

    private final GenericApplicationContext console = new GenericApplicationContext();
    private final EventBus bus = new EventBus(console);
    private final List<InventoryEvent> seen = new ArrayList<>();
    private final List<InventoryEvent> relayed = new ArrayList<>();

    EventBusStopTest() {
        bus.subscribe(seen::add);
        bus.relayTo(relayed::add);
    }

    @Test
    void aStoppingConsoleRelaysItsEventsButNoLongerDeliversThemHere() {
        bus.changed(InventoryEvent.ObjectType.VM, UUID.randomUUID());
        bus.onClose(new ContextClosedEvent(console));
        bus.changed(InventoryEvent.ObjectType.VM, UUID.randomUUID());
        bus.deliverFromOtherConsole(new InventoryEvent(InventoryEvent.Kind.CHANGED, InventoryEvent.ObjectType.VM, UUID.randomUUID()));

        assertThat(seen).hasSize(1);
        assertThat(relayed).hasSize(2);
    }

    @Test
    void anotherContextClosingChangesNothing() {
        bus.onClose(new ContextClosedEvent(new GenericApplicationContext()));
        bus.changed(InventoryEvent.ObjectType.VM, UUID.randomUUID());

        assertThat(seen).hasSize(1);
    }
}
