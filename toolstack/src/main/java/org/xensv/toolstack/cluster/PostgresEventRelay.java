package org.xensv.toolstack.cluster;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xensv.toolstack.event.EventBus;
import org.xensv.toolstack.event.InventoryEvent;

/**
 * Inventory events between the consoles of one database, with PostgreSQL's {@code LISTEN/NOTIFY}:
 * each event this console commits is sent on the schema's channel ({@code pg_notify}, payload
 * {@code KIND TYPE id origin-console}), and the events the other consoles sent are delivered to this
 * console's subscribers (the browser's push, the REST event stream), so a change made in one console
 * shows in the other's within moments. One thread does both on the console's own session
 * ({@link ClusterSession}): it sends what is waiting, reads what has arrived without blocking the
 * session, and checks every second that the session is alive (which also notices, for the leases, a
 * session that broke). Events sent while the session is broken are lost to the other consoles (they
 * catch up at their next read of the inventory or reconcile round); a new session listens again.
 */
final class PostgresEventRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresEventRelay.class);
    private static final long POLL_MILLIS = 50;
    private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int BATCH = 500;

    private final ClusterSession session;
    private final EventBus bus;
    private final String consoleId;
    private final BlockingQueue<InventoryEvent> outbound = new LinkedBlockingQueue<>(100_000);
    private final Thread thread;
    private volatile boolean running = true;
    private String channel;

    PostgresEventRelay(ClusterSession session, EventBus bus, String consoleId) {
        this.session = session;
        this.bus = bus;
        this.consoleId = consoleId;
        session.onOpen(this::listen);
        try {
            session.call(this::listen); // the session is open already (the leases opened it): listen on it too
        } catch (SQLException e) {
            throw new IllegalStateException("cannot listen for the other consoles' events: " + e.getMessage(), e);
        }
        bus.relayTo(this::send);
        this.thread = Thread.ofPlatform().daemon().name("cluster-events").start(this::run);
    }

    private Void listen(java.sql.Connection connection) throws SQLException {
        channel = "xensv_events/" + session.schema();
        try (var statement = connection.createStatement()) {
            statement.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
        }
        return null;
    }

    private void send(InventoryEvent event) {
        if (!outbound.offer(event)) {
            log.warn("the other consoles' event queue is full: {} is not sent (they catch up at their next read)", event);
        }
    }

    private void run() {
        long lastBeat = System.nanoTime();
        while (running) {
            try {
                InventoryEvent first = outbound.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                List<InventoryEvent> batch = new ArrayList<>();
                if (first != null) {
                    batch.add(first);
                    outbound.drainTo(batch, BATCH - 1);
                }
                boolean beat = System.nanoTime() - lastBeat > HEARTBEAT_NANOS;
                List<InventoryEvent> received = session.call(connection -> {
                    if (!batch.isEmpty()) {
                        try (var statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                            for (InventoryEvent event : batch) {
                                statement.setString(1, channel);
                                statement.setString(2, payload(event));
                                statement.execute();
                            }
                        }
                    }
                    if (beat) {
                        try (var statement = connection.createStatement()) {
                            statement.execute("SELECT 1");
                        }
                    }
                    PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications();
                    List<InventoryEvent> events = new ArrayList<>();
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            InventoryEvent event = fromOtherConsole(notification.getParameter());
                            if (event != null) {
                                events.add(event);
                            }
                        }
                    }
                    return events;
                });
                if (beat) {
                    lastBeat = System.nanoTime();
                }
                received.forEach(bus::deliverFromOtherConsole);
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.debug("cluster events: {}", e.getMessage());
                    sleep();
                }
            }
        }
    }

    private String payload(InventoryEvent event) {
        return event.kind() + " " + event.objectType() + " " + event.id() + " " + consoleId;
    }

    /** The event in a payload another console sent; null for this console's own, or a payload this version does not read. */
    private InventoryEvent fromOtherConsole(String payload) {
        String[] parts = payload.split(" ");
        if (parts.length != 4 || parts[3].equals(consoleId)) {
            return null;
        }
        try {
            return new InventoryEvent(InventoryEvent.Kind.valueOf(parts[0]), InventoryEvent.ObjectType.valueOf(parts[1]),
                    UUID.fromString(parts[2]));
        } catch (IllegalArgumentException e) {
            log.debug("an event from console {} this console does not read: {}", parts[3], payload);
            return null;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
