package org.xensv.webui.e2e.sso;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import java.util.function.Supplier;

import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A real OpenID Connect provider for the single sign-on test: Spring Authorization Server in an
 * application context of its own (not the console's), on a free port of the loopback address, reached
 * as {@code localhost} (the console is reached as {@code 127.0.0.1}, so the two sessions' cookies do
 * not meet). One registered client, the console; users whose ID tokens carry a {@code groups} claim.
 * Deliberately no {@code @Configuration}: the console's component scan must not pick it up.
 */
@EnableWebSecurity
@ImportAutoConfiguration({TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class})
public class TestProvider {

    public static final String CLIENT_ID = "xensv-console";
    public static final String CLIENT_SECRET = "console-secret-for-tests";
    public static final String PASSWORD = "provider-password";

    private static ConfigurableApplicationContext running;

    /** The provider's issuer, started at the first call (from a test's {@code @DynamicPropertySource}) and stopped at JVM exit. */
    public static synchronized String issuer() {
        if (running == null) {
            running = new SpringApplicationBuilder(TestProvider.class)
                    .web(WebApplicationType.SERVLET)
                    .logStartupInfo(false)
                    .registerShutdownHook(true)
                    // its own settings only: not the console's application.properties
                    .run("--spring.config.name=sso-test-provider", "--server.port=0", "--server.address=127.0.0.1",
                            "--spring.main.banner-mode=off");
        }
        int port = ((WebServerApplicationContext) running).getWebServer().getPort();
        return "http://localhost:" + port;
    }

    /**
     * The JVM's current holder strategy, looked up at each call: the console's context (Vaadin) replaces the
     * global strategy when it starts, and the provider's endpoints read the global one while its filters
     * would otherwise keep the one they were built with, so a signed-in user would look anonymous to them.
     */
    @Bean
    SecurityContextHolderStrategy currentStrategy() {
        return new SecurityContextHolderStrategy() {
            @Override
            public void clearContext() {
                SecurityContextHolder.getContextHolderStrategy().clearContext();
            }

            @Override
            public org.springframework.security.core.context.SecurityContext getContext() {
                return SecurityContextHolder.getContextHolderStrategy().getContext();
            }

            @Override
            public Supplier<org.springframework.security.core.context.SecurityContext> getDeferredContext() {
                return SecurityContextHolder.getContextHolderStrategy().getDeferredContext();
            }

            @Override
            public void setContext(org.springframework.security.core.context.SecurityContext context) {
                SecurityContextHolder.getContextHolderStrategy().setContext(context);
            }

            @Override
            public void setDeferredContext(Supplier<org.springframework.security.core.context.SecurityContext> deferredContext) {
                SecurityContextHolder.getContextHolderStrategy().setDeferredContext(deferredContext);
            }

            @Override
            public org.springframework.security.core.context.SecurityContext createEmptyContext() {
                return SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
            }
        };
    }

    @Bean
    SecurityFilterChain provider(HttpSecurity http) throws Exception {
        return http.oauth2AuthorizationServer(server -> server.oidc(Customizer.withDefaults()))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .build();
    }

    /** Each user's authorities are their groups at the provider, which the ID token carries as {@code groups}. */
    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                user("ada", "xensv-admins", "staff"),
                user("otto", "xensv-operators"),
                user("dora", "xensv-operators"),
                user("nobody", "staff"));
    }

    private static org.springframework.security.core.userdetails.UserDetails user(String name, String... groups) {
        return User.withUsername(name).password("{noop}" + PASSWORD).authorities(groups).build();
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> groupsInIdToken() {
        return context -> {
            if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                List<String> groups = context.getPrincipal().getAuthorities().stream().map(GrantedAuthority::getAuthority)
                        .filter(g -> !g.startsWith("FACTOR_")).toList();
                context.getClaims().claim("groups", groups);
                context.getClaims().claim("preferred_username", context.getPrincipal().getName());
            }
        };
    }

    @Bean
    RegisteredClientRepository clients() {
        RegisteredClient console = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(CLIENT_ID)
                .clientSecret("{noop}" + CLIENT_SECRET)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                // a loopback address: the provider accepts it on any port (RFC 8252), so the console's random port
                .redirectUri("http://127.0.0.1/login/oauth2/code/xensv")
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
                .build();
        return new InMemoryRegisteredClientRepository(console);
    }

    @Bean
    JWKSource<SecurityContext> keys() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(UUID.randomUUID().toString()).build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    /** The user-info endpoint checks the access tokens it signed. */
    @Bean
    JwtDecoder accessTokens(JWKSource<SecurityContext> keys) {
        return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
    }

    @Bean
    AuthorizationServerSettings settings() {
        return AuthorizationServerSettings.builder().build();
    }
}
