package org.xensv.webui.security;

import java.util.ArrayList;
import java.util.List;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.xensv.toolstack.audit.AuditLog;
import org.xensv.toolstack.security.AccountService;

/**
 * The console's security: Vaadin's own integration (login view, view access by annotations, its CSRF
 * handling for its internal requests) after the API's chain, with the same users and throttle, and,
 * when {@code xensv.sso.issuer-uri} is set, OpenID Connect sign-in beside the password
 * ({@link SsoUsers}); the consoles' static pages ({@code /consoles}, {@code /vendor}) for any signed-in
 * user. Every console sign-in, either way, is in the audit log ({@link SignInAudit}). The
 * headers a browser enforces (CSP, frame options) are {@link SecurityHeaders}'s, on every response.
 */
@Configuration
@EnableWebSecurity
@EnableConfigurationProperties(SsoSettings.class)
class ConsoleSecurity {

    @Bean
    @Order(3) // after the API (1) and Actuator (2) chains: it matches every request
    SecurityFilterChain consoleChain(HttpSecurity http, AuthenticationManager passwords, SsoSettings sso,
                                     AccountService accounts, AuditLog audit) throws Exception {
        SignInAudit signIns = new SignInAudit(audit, accounts, sso);
        List<AuthenticationProvider> providers = new ArrayList<>(List.of(new PasswordSignIn(passwords)));
        if (sso.enabled()) {
            providers.add(new OidcAuthorizationCodeAuthenticationProvider(new RestClientAuthorizationCodeTokenResponseClient(),
                    new SsoUsers(sso, accounts)));
        }
        ProviderManager console = new ProviderManager(providers);
        console.setAuthenticationEventPublisher(signIns);
        http.authenticationManager(console);
        http.headers(headers -> headers.frameOptions(frames -> frames.sameOrigin()));
        if (sso.enabled()) {
            // the login page stays the console's own (LoginView's button starts the redirect); the sign-in
            // itself is the provider above, so the configurer's own providers (not in `console`) are unused
            http.oauth2Login(login -> login
                    .loginPage("/login")
                    .clientRegistrationRepository(new SsoRegistrations(sso))
                    .failureHandler(signIns)
                    .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                        @Override
                        public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O redirect) {
                            redirect.setAuthenticationFailureHandler(signIns); // a provider that does not answer
                            return redirect;
                        }
                    }));
        }
        // the consoles' own pages (serial terminal, VNC display) and their clients: for signed-in users, as the
        // views are (Vaadin's rules refuse any other path); the WebSockets they open check the role themselves
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/consoles/**", "/vendor/**").authenticated());
        // the page-wide stylesheets (AppShell) are on every page, the login page's too, as Vaadin's own styles.css is:
        // refused, the login page's request for one went round 20 redirects to /login, and no page ever had its rules
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/migration.css").permitAll());
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class));
        return http.build();
    }

    @Bean
    SsoSessionCookie ssoSessionCookie(SsoSettings sso) {
        return new SsoSessionCookie(sso);
    }

    /** Password sign-in in the console's manager: the toolstack's (users table, throttle), its outcome audited here. */
    private record PasswordSignIn(AuthenticationManager passwords) implements AuthenticationProvider {

        @Override
        public Authentication authenticate(Authentication authentication) {
            return passwords.authenticate(authentication);
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }
}
