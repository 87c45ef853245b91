package org.xensv.webui.security;

import java.util.HashSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;

/**
 * The console's one client registration at the provider, read from the provider's discovery document
 * at the first sign-in rather than at start: a provider that is down does not keep the console (and its
 * local users) from starting, and the next sign-in tries again.
 */
final class SsoRegistrations implements ClientRegistrationRepository {

    private static final Logger log = LoggerFactory.getLogger(SsoRegistrations.class);

    private final SsoSettings settings;
    private volatile ClientRegistration registration;

    SsoRegistrations(SsoSettings settings) {
        this.settings = settings;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!SsoSettings.REGISTRATION_ID.equals(registrationId)) {
            return null;
        }
        ClientRegistration known = registration;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (registration == null) {
                registration = discover();
            }
            return registration;
        }
    }

    private ClientRegistration discover() {
        HashSet<String> scopes = new HashSet<>(settings.scopes());
        scopes.add("openid");
        try {
            return ClientRegistrations.fromIssuerLocation(settings.issuerUri())
                    .registrationId(SsoSettings.REGISTRATION_ID)
                    .clientName(settings.providerName())
                    .clientId(settings.clientId())
                    .clientSecret(settings.clientSecret())
                    .scope(scopes)
                    .userNameAttributeName(settings.usernameClaim())
                    .build();
        } catch (RuntimeException e) {
            log.error("single sign-on: could not read the provider's configuration at {} (xensv.sso.issuer-uri): {}",
                    settings.issuerUri(), e.getMessage());
            throw new IllegalStateException("The single sign-on provider at " + settings.issuerUri()
                    + " does not answer: sign in with a password, or try again later.", e);
        }
    }
}
