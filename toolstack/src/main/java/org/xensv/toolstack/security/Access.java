package org.xensv.toolstack.security;

import java.util.Collection;
import java.util.Optional;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.xensv.toolstack.error.UnauthenticatedException;

/**
 * The check at every entry point (REST controller, view action): may the person behind this request do
 * this {@link Action}? Work the toolstack does by itself (tasks on executor threads, the reconciler,
 * maintenance evacuation, recovery at start) runs outside any web request and is the system: allowed.
 */
public final class Access {

    private Access() {
    }

    /** Refuses with 403 (or 401 when a web request has no user) unless the caller may do the action. */
    public static void require(Action action) {
        Optional<Grant> grant = current();
        if (grant.isPresent()) {
            grant.get().require(action);
        } else if (RequestContextHolder.getRequestAttributes() != null) {
            throw new UnauthenticatedException();
        }
    }

    /** The signed-in user of this thread and their role, if any. */
    public static Optional<Grant> current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (!signedIn(auth)) {
            // the security filters' own view of this request: they keep the holder strategy they were built with,
            // which is not the global one when several application contexts share a JVM (as tests do)
            auth = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                    && attributes.getRequest().getUserPrincipal() instanceof Authentication principal ? principal : null;
        }
        if (!signedIn(auth)) {
            return Optional.empty();
        }
        String name = auth.getName();
        return roleOf(auth.getAuthorities()).map(role -> new Grant(name, role));
    }

    /** The highest role among these authorities ({@code ROLE_OPERATOR}...), if any. */
    public static Optional<Role> roleOf(Collection<? extends GrantedAuthority> authorities) {
        Role role = null;
        for (GrantedAuthority authority : authorities) {
            Role r = Role.parse(authority.getAuthority());
            if (r != null && (role == null || r.covers(role))) {
                role = r;
            }
        }
        return Optional.ofNullable(role);
    }

    private static boolean signedIn(Authentication auth) {
        return auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken);
    }
}
