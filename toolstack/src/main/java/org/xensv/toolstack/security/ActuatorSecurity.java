package org.xensv.toolstack.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Security of Spring Boot Actuator under {@code /actuator} (docs/operations.md, monitoring): health
 * answers anyone, as a load balancer or an orchestrator asks it; metrics and everything else need an
 * admin, by HTTP Basic or an admin's API token as {@code Bearer} (what a Prometheus scrape config
 * carries). Stateless: nothing here opens a session.
 */
@Configuration
class ActuatorSecurity {

    @Bean
    @Order(2)
    SecurityFilterChain actuatorChain(HttpSecurity http, AuthenticationManager manager, ApiTokenService tokens,
                                      ObjectProvider<SecurityContextHolderStrategy> holder) throws Exception {
        ProblemResponses problems = new ProblemResponses();
        BearerTokens bearer = new BearerTokens(tokens, problems, holder.getIfAvailable(SecurityContextHolder::getContextHolderStrategy));
        return http.securityMatcher("/actuator/**")
                .addFilterBefore(bearer, BasicAuthenticationFilter.class)
                .authenticationManager(manager)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().hasAuthority(Role.ADMIN.authority()))
                .httpBasic(basic -> basic.realmName("xensv").authenticationEntryPoint(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable()) // GET only, credentials in a header: nothing ambient to forge
                .requestCache(cache -> cache.disable())
                .build();
    }
}
