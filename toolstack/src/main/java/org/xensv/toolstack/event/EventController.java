package org.xensv.toolstack.event;

import java.io.IOException;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Server-sent events: one {@code inventory} event per created, changed or deleted object. */
@RestController
@RequestMapping("/api/v1/events")
class EventController {

    private final EventBus bus;

    EventController(EventBus bus) {
        this.bus = bus;
    }

    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() {
        SseEmitter emitter = new SseEmitter(0L);
        AutoCloseable[] handle = new AutoCloseable[1];
        handle[0] = bus.subscribe(event -> {
            try {
                emitter.send(SseEmitter.event().name("inventory").data(event, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                close(handle[0]);
            }
        });
        emitter.onCompletion(() -> close(handle[0]));
        emitter.onTimeout(() -> close(handle[0]));
        emitter.onError(e -> close(handle[0]));
        return emitter;
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
