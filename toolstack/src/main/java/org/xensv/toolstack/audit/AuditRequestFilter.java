package org.xensv.toolstack.audit;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Remembers the request as the last filter sees it, for {@link Actor}: a security filter chain
 * (ordered before this one) has wrapped it by then, so its principal is the logged-in user, for the
 * console's requests as for the API's (Spring's own request context is bound before security runs).
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 100)
class AuditRequestFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Actor.handling(request);
        try {
            chain.doFilter(request, response);
        } finally {
            Actor.handling(null);
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }
}
