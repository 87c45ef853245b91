package org.xensv.toolstack.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.WebUtils;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.toolstack.audit.AuditLog;
import org.xensv.toolstack.error.ErrorStatus;
import org.xensv.toolstack.error.UnauthenticatedException;
import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.security.Action;
import org.xensv.toolstack.security.Grant;

/**
 * The checks before a console's WebSocket opens, on the handshake's HTTP request (which the API's
 * security chain has signed in): a page of another origin is refused (403: another site must not ride
 * on the console's session cookie), so is a request without a signed-in user (401). The VNC display
 * takes keys and clicks, so it needs {@link Action#VM_CONSOLE}; the serial console is open to every role
 * to watch (reading a console needs no action, as in the API), and only roles with
 * {@code VM_CONSOLE} may type on it. An opened session is recorded in the audit log, a refused one too.
 */
final class ConsoleHandshake implements HandshakeInterceptor {

    enum Kind { SERIAL, VNC }

    static final String VM = "vm";
    static final String TYPING = "typing";

    private final ConsoleService consoles;
    private final AuditLog audit;
    private final Kind kind;

    ConsoleHandshake(ConsoleService consoles, AuditLog audit, Kind kind) {
        this.consoles = consoles;
        this.audit = audit;
        this.kind = kind;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) throws IOException {
        String operation = "vm.console-session";
        if (!WebUtils.isSameOrigin(request)) {
            audit.refused(operation, null, "cross-origin WebSocket from " + request.getHeaders().getOrigin());
            return refuse(response, HttpStatus.FORBIDDEN, "CROSS_ORIGIN",
                    "The console's WebSockets answer pages of the console's own origin only, not " + request.getHeaders().getOrigin() + ".");
        }
        Optional<Grant> grant = Access.current();
        if (grant.isEmpty()) {
            return refuse(response, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", UnauthenticatedException.MESSAGE);
        }
        UUID vm;
        try {
            vm = UUID.fromString(segmentBefore(request.getURI().getPath(), "console"));
        } catch (IllegalArgumentException e) {
            return refuse(response, HttpStatus.BAD_REQUEST, "INVALID_VALUE", "id: must be a VM's UUID");
        }
        boolean typing = grant.get().allows(Action.VM_CONSOLE);
        if (kind == Kind.VNC && !typing) {
            String reason = grant.get().whyNot(Action.VM_CONSOLE).orElseThrow();
            audit.refused(operation, vm.toString(), reason);
            return refuse(response, HttpStatus.FORBIDDEN, "FORBIDDEN", reason);
        }
        try {
            consoles.openSession(vm, kind.name().toLowerCase(), typing);
        } catch (HypervisorException e) {
            return refuse(response, HttpStatus.valueOf(ErrorStatus.of(e)), e.code(), e.getMessage());
        }
        attributes.put(VM, vm);
        attributes.put(TYPING, typing);
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception failure) {
    }

    /** The path segment before {@code name}: the VM's id in {@code /api/v1/vms/{id}/console/...}. */
    private static String segmentBefore(String path, String name) {
        String[] segments = path.split("/");
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].equals(name)) {
                return segments[i - 1];
            }
        }
        throw new IllegalArgumentException(path);
    }

    /** Answers the handshake with a problem JSON body instead of the upgrade. */
    private static boolean refuse(ServerHttpResponse response, HttpStatus status, String code, String message) throws IOException {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String json = "{\"status\":" + status.value() + ",\"code\":\"" + code + "\",\"detail\":\"" + escape(message) + "\"}";
        response.getBody().write(json.getBytes(StandardCharsets.UTF_8));
        return false;
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
