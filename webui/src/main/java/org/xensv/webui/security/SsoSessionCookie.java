package org.xensv.webui.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.core.Ordered;

/**
 * With single sign-on on, the session cookie is {@code SameSite=Lax} instead of {@code Strict}: the
 * provider sends the browser back to the console from another site, and a strict cookie would not come
 * along, so the console could not find the sign-in it started (and the user would land on the login page
 * again). Lax still keeps the cookie off cross-site POSTs, and Vaadin checks its own CSRF token. Runs
 * after Spring Boot's own customizer, which applies {@code server.servlet.session.cookie.same-site}.
 */
final class SsoSessionCookie implements WebServerFactoryCustomizer<ConfigurableServletWebServerFactory>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(SsoSessionCookie.class);

    private final SsoSettings sso;

    SsoSessionCookie(SsoSettings sso) {
        this.sso = sso;
    }

    @Override
    public void customize(ConfigurableServletWebServerFactory factory) {
        Cookie cookie = factory.getSettings().getSession().getCookie();
        if (sso.enabled() && cookie.getSameSite() == Cookie.SameSite.STRICT) {
            cookie.setSameSite(Cookie.SameSite.LAX);
            log.info("single sign-on is on: the session cookie is SameSite=Lax, so the provider's redirect back keeps the session");
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
