package org.xensv.webui.security;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The console's security: Vaadin's own integration (login view, view access by annotations, its CSRF
 * handling for its internal requests) after the API's chain, with the same users and throttle; the
 * consoles' static pages ({@code /consoles}, {@code /vendor}) for any signed-in user. The
 * headers a browser enforces (CSP, frame options) are {@link SecurityHeaders}'s, on every response.
 */
@Configuration
@EnableWebSecurity
class ConsoleSecurity {

    @Bean
    @Order(3) // after the API (1) and Actuator (2) chains: it matches every request
    SecurityFilterChain consoleChain(HttpSecurity http, AuthenticationManager manager) throws Exception {
        http.authenticationManager(manager);
        http.headers(headers -> headers.frameOptions(frames -> frames.sameOrigin()));
        // the consoles' own pages (serial terminal, VNC display) and their clients: for signed-in users, as the
        // views are (Vaadin's rules refuse any other path); the WebSockets they open check the role themselves
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/consoles/**", "/vendor/**").authenticated());
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class));
        return http.build();
    }
}
