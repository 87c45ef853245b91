package org.xensv.toolstack.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.spi.GraphicsConsole.VncDisplay;

/**
 * The WebSocket proxy of a VM's VNC display, as websockify does for noVNC: one TCP connection to the
 * display's VNC server per browser, bytes carried both ways unchanged (RFB, including its own
 * authentication, which the display on the host's loopback does not ask for). A VM without a display
 * (halted, or on a host whose driver has none, as the embedded runtime) is answered with a close
 * whose reason says why, which the console's page shows.
 */
@Component
class VncProxy extends BinaryWebSocketHandler {

    /** Close code for "the VM has no display to show" (4000-4999: for applications). */
    static final int NO_DISPLAY = 4404;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final ConsoleService consoles;
    private final Map<String, Socket> displays = new ConcurrentHashMap<>();

    VncProxy(ConsoleService consoles) {
        this.consoles = consoles;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws IOException {
        UUID vm = (UUID) session.getAttributes().get(ConsoleHandshake.VM);
        Socket socket = new Socket();
        try {
            VncDisplay display = consoles.vncDisplay(vm);
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(display.host(), display.port()), CONNECT_TIMEOUT_MILLIS);
        } catch (HypervisorException e) {
            socket.close();
            session.close(new CloseStatus(NO_DISPLAY, CloseReason.fit(e.getMessage())));
            return;
        } catch (IOException e) {
            socket.close();
            session.close(new CloseStatus(NO_DISPLAY, CloseReason.fit("The VM's VNC server did not answer: " + e.getMessage())));
            return;
        }
        displays.put(session.getId(), socket);
        Thread.ofVirtual().name("vnc-proxy-" + vm).start(() -> pump(socket, session));
    }

    /** The display's bytes to the browser, until either side closes. */
    private void pump(Socket socket, WebSocketSession session) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = socket.getInputStream()) {
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
            closeQuietly(socket);
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws IOException {
        Socket socket = displays.get(session.getId());
        if (socket == null) {
            return;
        }
        ByteBuffer payload = message.getPayload();
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        socket.getOutputStream().write(bytes);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Socket socket = displays.remove(session.getId());
        if (socket != null) {
            closeQuietly(socket);
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
