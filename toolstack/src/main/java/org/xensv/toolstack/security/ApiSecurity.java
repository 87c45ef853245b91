package org.xensv.toolstack.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Security of the REST API under {@code /api}: every request signed in (the console's session cookie,
 * an API token as {@code Bearer}, or HTTP Basic), 401 and 403 as problem JSON. CSRF protection stays on for requests that
 * rely on the session cookie and is skipped for requests that carry their own credentials in an
 * {@code Authorization} header (which a browser never adds by itself) or no session cookie at all
 * (nothing ambient to forge: such a request is signed in by its header or answered 401). The console's own chain (login
 * view, Vaadin) lives in the webui module and comes after this one.
 */
@Configuration
class ApiSecurity {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    AuthenticationManager authenticationManager(ThrottledAuthentication passwords) {
        return new ProviderManager(passwords);
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, AuthenticationManager manager, ApiTokenService tokens,
                                 ObjectProvider<SecurityContextHolderStrategy> holder) throws Exception {
        ProblemResponses problems = new ProblemResponses();
        BearerTokens bearer = new BearerTokens(tokens, problems, holder.getIfAvailable(SecurityContextHolder::getContextHolderStrategy));
        return http.securityMatcher("/api/**")
                .addFilterBefore(bearer, BasicAuthenticationFilter.class)
                .authenticationManager(manager)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/api/v1/openapi.json", "/api/v1/openapi.json/**").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.realmName("xensv").authenticationEntryPoint(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .csrf(csrf -> csrf.ignoringRequestMatchers(ApiSecurity::carriesItsOwnCredentials))
                .requestCache(cache -> cache.disable())
                .build();
    }

    private static boolean carriesItsOwnCredentials(jakarta.servlet.http.HttpServletRequest request) {
        return request.getHeader("Authorization") != null || request.getRequestedSessionId() == null;
    }
}
