package org.xensv.toolstack.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.BinaryWebSocketHandler;
import org.xensv.hypervisor.spi.DisplayStream;

/**
 * The WebSocket proxy of a VM's VNC display, as websockify does for noVNC: one stream to the display's
 * VNC server per browser (a TCP connection, or an SSH channel to a remote libvirt host, as the host's
 * driver opens it), bytes carried both ways unchanged (RFB, including its own authentication, which
 * the display on the host's loopback does not ask for). A VM without a display (halted, or on a host
 * whose driver has none, as the embedded runtime), or whose display cannot be reached (ssh refused),
 * is answered with a close whose reason says why, which the console's page shows.
 */
@Component
class VncProxy extends BinaryWebSocketHandler {

    /** Close code for "the VM has no display to show" (4000-4999: for applications). */
    static final int NO_DISPLAY = 4404;

    private final ConsoleService consoles;
    private final Map<String, DisplayStream> displays = new ConcurrentHashMap<>();

    VncProxy(ConsoleService consoles) {
        this.consoles = consoles;
    }

    /**
     * Opens the display on a thread of its own (an SSH tunnel takes seconds to open, and must not hold
     * the WebSocket container's thread); the browser sends nothing before the VNC server's greeting.
     */
    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        UUID vm = (UUID) session.getAttributes().get(ConsoleHandshake.VM);
        Thread.ofVirtual().name("vnc-proxy-" + vm).start(() -> open(vm, session));
    }

    private void open(UUID vm, WebSocketSession session) {
        DisplayStream display;
        try {
            display = consoles.openVnc(vm);
        } catch (RuntimeException e) { // the driver's answer (no display, unsupported, ssh refused), or the VM gone
            closeQuietly(session, new CloseStatus(NO_DISPLAY, CloseReason.fit(String.valueOf(e.getMessage()))));
            return;
        }
        displays.put(session.getId(), display);
        if (!session.isOpen()) { // the browser left while the display was being opened
            afterConnectionClosed(session, CloseStatus.GOING_AWAY);
            return;
        }
        pump(display, session);
    }

    /** The display's bytes to the browser, until either side closes. */
    private void pump(DisplayStream display, WebSocketSession session) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = display.input()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    session.sendMessage(new BinaryMessage(ByteBuffer.wrap(Arrays.copyOf(buffer, n))));
                }
            }
            session.close(new CloseStatus(CloseStatus.NORMAL.getCode(), "The VM's VNC server closed the display (the VM stopped?)."));
        } catch (IOException | IllegalStateException e) {
            closeQuietly(session);
        } finally {
            display.close();
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws IOException {
        DisplayStream display = displays.get(session.getId());
        if (display == null) {
            return;
        }
        ByteBuffer payload = message.getPayload();
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        OutputStream out = display.output();
        out.write(bytes);
        out.flush(); // an SSH channel's stdin is buffered
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        DisplayStream display = displays.remove(session.getId());
        if (display != null) {
            display.close();
        }
    }

    private static void closeQuietly(WebSocketSession session, CloseStatus status) {
        try {
            session.close(status);
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already gone
        }
    }
}
