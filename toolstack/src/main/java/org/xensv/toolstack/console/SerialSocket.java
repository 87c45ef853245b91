package org.xensv.toolstack.console;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.spi.ConsoleChunk;
import org.xensv.toolstack.error.Errors;

/**
 * A VM's serial console as a terminal's WebSocket: what the guest prints goes out as text messages
 * (first all its host keeps, then what follows, read every {@value #POLL_MILLIS} ms from where the last
 * read ended), what the terminal sends is typed on the console as it is, keystroke by keystroke, if the
 * user may type ({@link ConsoleHandshake}). Notices from the console itself come as lines in brackets.
 */
@Component
class SerialSocket extends TextWebSocketHandler implements DisposableBean {

    static final long POLL_MILLIS = 100;
    private static final Logger log = LoggerFactory.getLogger(SerialSocket.class);

    private final ConsoleService consoles;
    private final Map<String, Follower> followers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("serial-console-poller").factory());

    /** One open terminal: the socket, the VM and how far its console was sent. */
    private static final class Follower {
        final WebSocketSession session;
        final UUID vm;
        long position;

        Follower(WebSocketSession session, UUID vm) {
            this.session = session;
            this.vm = vm;
        }
    }

    SerialSocket(ConsoleService consoles) {
        this.consoles = consoles;
        poller.scheduleWithFixedDelay(this::pollAll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws IOException {
        // a slow browser must not hold up the others' output: sends wait at most 10 s and 1 MiB per terminal
        WebSocketSession bounded = new ConcurrentWebSocketSessionDecorator(session, 10_000, 1 << 20);
        UUID vm = (UUID) session.getAttributes().get(ConsoleHandshake.VM);
        if (!Boolean.TRUE.equals(session.getAttributes().get(ConsoleHandshake.TYPING))) {
            bounded.sendMessage(new TextMessage("[xensv: read-only: your role may watch this console but not type on it]\r\n"));
        }
        followers.put(session.getId(), new Follower(bounded, vm));
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
        Follower follower = followers.get(session.getId());
        if (follower == null) {
            return;
        }
        if (!Boolean.TRUE.equals(session.getAttributes().get(ConsoleHandshake.TYPING))) {
            return; // said once, at the start
        }
        try {
            consoles.type(follower.vm, message.getPayload());
        } catch (HypervisorException e) {
            follower.session.sendMessage(new TextMessage("\r\n[xensv: " + e.getMessage() + "]\r\n"));
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        followers.remove(session.getId());
    }

    private void pollAll() {
        for (Follower follower : followers.values()) {
            try {
                poll(follower);
            } catch (RuntimeException | IOException e) {
                close(follower, e);
            }
        }
    }

    private void poll(Follower follower) throws IOException {
        if (!follower.session.isOpen()) {
            followers.remove(follower.session.getId());
            return;
        }
        ConsoleChunk chunk = consoles.readFrom(follower.vm, follower.position);
        follower.position = chunk.end();
        if (!chunk.text().isEmpty()) {
            follower.session.sendMessage(new TextMessage(chunk.text()));
        }
    }

    /** Ends a terminal whose console cannot be read (its VM deleted, its host gone), telling why. */
    private void close(Follower follower, Exception e) {
        followers.remove(follower.session.getId());
        HypervisorException known = Errors.known(e);
        String why = known != null ? known.getMessage() : "the console could not be read";
        if (known == null) {
            log.warn("serial console of VM {} ended", follower.vm, e);
        }
        try {
            follower.session.sendMessage(new TextMessage("\r\n[xensv: " + why + "]\r\n"));
            follower.session.close(CloseStatus.SERVER_ERROR.withReason(CloseReason.fit(why)));
        } catch (IOException | RuntimeException ignored) {
            // the browser went away meanwhile
        }
    }

    @Override
    public void destroy() {
        poller.shutdownNow();
    }
}
