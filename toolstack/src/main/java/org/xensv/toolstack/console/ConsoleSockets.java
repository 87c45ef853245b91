package org.xensv.toolstack.console;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.xensv.toolstack.audit.AuditLog;

/**
 * The consoles' WebSockets, under the API's path so that the API's security chain signs them in (the
 * console's session cookie, an API token, HTTP Basic):
 * {@code /api/v1/vms/{id}/console/serial} (text: the guest's output one way, keystrokes the other) and
 * {@code /api/v1/vms/{id}/console/vnc} (binary: the RFB stream of the VM's VNC display, as noVNC
 * speaks it). {@link ConsoleHandshake} checks who and from which page before a socket opens; Spring's
 * own origin check (same origin only) stays on behind it.
 */
@Configuration
@EnableWebSocket
class ConsoleSockets implements WebSocketConfigurer {

    static final String SERIAL = "/api/v1/vms/{id}/console/serial";
    static final String VNC = "/api/v1/vms/{id}/console/vnc";

    private final ConsoleService consoles;
    private final AuditLog audit;
    private final SerialSocket serial;
    private final VncProxy vnc;

    ConsoleSockets(ConsoleService consoles, AuditLog audit, SerialSocket serial, VncProxy vnc) {
        this.consoles = consoles;
        this.audit = audit;
        this.serial = serial;
        this.vnc = vnc;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(serial, SERIAL).addInterceptors(new ConsoleHandshake(consoles, audit, ConsoleHandshake.Kind.SERIAL));
        registry.addHandler(vnc, VNC).addInterceptors(new ConsoleHandshake(consoles, audit, ConsoleHandshake.Kind.VNC));
    }
}
