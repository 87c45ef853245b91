package org.xensv.toolstack.security;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A signed-in session acts as its user is now, not as they were at sign-in: on each request made
 * with a session, the user's row is read again. A user an admin disabled is signed out there and
 * then (the API answers 401, the console goes back to the login page); a user whose role an admin
 * changed acts with the new role from their next request, in the API and the console alike.
 *
 * <p>A servlet filter after Spring Security's (it is registered at the lowest precedence), so it
 * sees the session's authentication and runs before any controller's or view's role check. Bearer
 * tokens and HTTP Basic authenticate on every request and are current already: only an
 * authentication kept in the session is looked at. A session whose name has no row (none is ever
 * deleted; a single sign-on user may be named otherwise) is left as it is.
 */
@Component
class SessionAccountCheck extends OncePerRequestFilter {

    private final AccountRepository accounts;

    SessionAccountCheck(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Object stored = session == null ? null
                : session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        Authentication signedIn = stored instanceof SecurityContext context ? context.getAuthentication() : null;
        if (signedIn == null || !signedIn.isAuthenticated()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Account> account = accounts.findByUsernameKey(Account.key(signedIn.getName()));
        if (account.isPresent() && !account.get().enabled()) {
            signOut(request, response, session);
            return;
        }
        if (account.isPresent() && !holds(signedIn, account.get().role())) {
            Authentication current = withRole(signedIn, account.get().role());
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(current);
            session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
            if (SecurityContextHolder.getContext().getAuthentication() != null
                    && signedIn.getName().equals(SecurityContextHolder.getContext().getAuthentication().getName())) {
                SecurityContextHolder.getContext().setAuthentication(current);
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean holds(Authentication authentication, Role role) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> Role.parse(a) != null && a.startsWith("ROLE_"))
                .toList().equals(java.util.List.of(role.authority()));
    }

    /** The same sign-in (principal, details, other authorities such as how it was proved) with {@code role} in place of the old one. */
    private static Authentication withRole(Authentication authentication, Role role) {
        return authentication.toBuilder()
                .authorities(authorities -> {
                    authorities.removeIf(a -> a.getAuthority() != null && a.getAuthority().startsWith("ROLE_")
                            && Role.parse(a.getAuthority()) != null);
                    authorities.add(new SimpleGrantedAuthority(role.authority()));
                })
                .build();
    }

    private static void signOut(HttpServletRequest request, HttpServletResponse response, HttpSession session)
            throws IOException {
        session.invalidate();
        SecurityContextHolder.clearContext();
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            new ProblemResponses().commence(request, response, new DisabledException("disabled"));
        } else {
            response.sendRedirect(request.getContextPath() + "/login");
        }
    }
}
