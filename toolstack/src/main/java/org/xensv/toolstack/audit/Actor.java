package org.xensv.toolstack.audit;

import java.security.Principal;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who makes a change, and from which address. In a request (the API, or a console action) it is
 * the request's principal ("anonymous" when none: the servlet integration of a security layer makes
 * it the logged-in user) and remote address; in work a task runs, the actor that submitted it; in
 * any other background work, "system".
 */
public record Actor(String name, String address) {

    public static final Actor SYSTEM = new Actor("system", null);
    public static final String ANONYMOUS = "anonymous";

    private static final ThreadLocal<Actor> BOUND = new ThreadLocal<>();
    private static final ThreadLocal<HttpServletRequest> REQUEST = new ThreadLocal<>();

    public Actor {
        name = name == null || name.isBlank() ? ANONYMOUS : truncate(name, 200);
        address = address == null ? null : truncate(address, 100);
    }

    public static Actor current() {
        Actor bound = BOUND.get();
        if (bound != null) {
            return bound;
        }
        HttpServletRequest request = request();
        if (request == null) {
            return SYSTEM;
        }
        Principal principal = request.getUserPrincipal();
        return new Actor(principal == null ? ANONYMOUS : principal.getName(), request.getRemoteAddr());
    }

    /** Runs {@code work} as this actor (a task's body runs as the actor that submitted it). */
    public <T> T run(Supplier<T> work) {
        Actor before = BOUND.get();
        BOUND.set(this);
        try {
            return work.get();
        } finally {
            if (before == null) {
                BOUND.remove();
            } else {
                BOUND.set(before);
            }
        }
    }

    /**
     * The request being handled: the one {@link AuditRequestFilter} saw (inside any security
     * filter, so its principal is the logged-in user), else Spring's request context.
     */
    private static HttpServletRequest request() {
        HttpServletRequest seen = REQUEST.get();
        if (seen != null) {
            return seen;
        }
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest() : null;
    }

    static void handling(HttpServletRequest request) {
        if (request == null) {
            REQUEST.remove();
        } else {
            REQUEST.set(request);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
