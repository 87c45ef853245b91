package org.xensv.toolstack.security;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <token>} on the API: a valid token signs the request in as its owner
 * with the token's role, for this request only (no session); an invalid one is answered 401.
 */
final class BearerTokens extends OncePerRequestFilter {

    private final ApiTokenService tokens;
    private final AuthenticationEntryPoint entryPoint;
    /** The holder strategy the chain's other filters use (the context's bean, else the global one at build time). */
    private final SecurityContextHolderStrategy holder;

    BearerTokens(ApiTokenService tokens, AuthenticationEntryPoint entryPoint, SecurityContextHolderStrategy holder) {
        this.tokens = tokens;
        this.entryPoint = entryPoint;
        this.holder = holder;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Grant> grant = tokens.authenticate(header.substring(7).trim());
        if (grant.isEmpty()) {
            holder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("Unknown, expired or revoked API token."));
            return;
        }
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(grant.get().username(), null,
                List.of(new SimpleGrantedAuthority(grant.get().role().authority()))));
        holder.setContext(context);
        // kept on the request (not in a session), so an async dispatch of the same request (server-sent events) is signed in too
        new RequestAttributeSecurityContextRepository().saveContext(context, request, response);
        try {
            chain.doFilter(request, response);
        } finally {
            holder.clearContext();
        }
    }
}
