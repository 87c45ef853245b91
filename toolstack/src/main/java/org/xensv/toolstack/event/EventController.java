package org.xensv.toolstack.event;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.xensv.hypervisor.api.HypervisorException;

/**
 * Server-sent events: one {@code inventory} event per created, changed or deleted object. A stream
 * ends after {@code xensv.events.timeout} (30 minutes by default; a client such as EventSource
 * reconnects), and at most {@code xensv.events.max-subscribers} streams are open at once: one more
 * is answered 503 (TOO_MANY_SUBSCRIBERS) until another ends. A stream that completes, times out or
 * fails is unsubscribed and counted out exactly once.
 */
@RestController
@RequestMapping("/api/v1/events")
class EventController {

    private final EventBus bus;
    private final long timeoutMillis;
    private final int maxSubscribers;
    private final AtomicInteger open = new AtomicInteger();

    EventController(EventBus bus, @Value("${xensv.events.timeout:30m}") Duration timeout,
                    @Value("${xensv.events.max-subscribers:100}") int maxSubscribers) {
        this.bus = bus;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.maxSubscribers = maxSubscribers;
    }

    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() {
        if (open.incrementAndGet() > maxSubscribers) {
            open.decrementAndGet();
            throw new HypervisorException("TOO_MANY_SUBSCRIBERS", Map.of("max", maxSubscribers),
                    "The event stream already has its " + maxSubscribers + " subscribers; try again later.");
        }
        SseEmitter emitter = new SseEmitter(timeoutMillis);
        AtomicBoolean ended = new AtomicBoolean();
        AutoCloseable[] handle = new AutoCloseable[1];
        Runnable end = () -> {
            if (ended.compareAndSet(false, true)) {
                open.decrementAndGet();
                close(handle[0]);
            }
        };
        handle[0] = bus.subscribe(event -> {
            try {
                emitter.send(SseEmitter.event().name("inventory").data(event, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                end.run();
                emitter.completeWithError(e);
            }
        });
        emitter.onCompletion(end);
        emitter.onTimeout(() -> {
            end.run();
            emitter.complete();
        });
        emitter.onError(e -> end.run());
        try {
            // a first line at once: the client sees the stream open (headers flushed) before any change happens
            emitter.send(SseEmitter.event().comment("subscribed"));
        } catch (IOException e) {
            end.run();
            emitter.completeWithError(e);
        }
        return emitter;
    }

    /** Streams open now. */
    int subscribers() {
        return open.get();
    }

    private static void close(AutoCloseable handle) {
        try {
            if (handle != null) {
                handle.close();
            }
        } catch (Exception ignored) {
            // unsubscribing cannot fail
        }
    }
}
