package org.xensv.toolstack.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.xensv.hypervisor.api.HypervisorException;

/**
 * There is no default password. On a database with no user, the first admin comes from
 * {@code XENSV_ADMIN_USERNAME} / {@code XENSV_ADMIN_PASSWORD} (properties {@code xensv.security.admin.*});
 * without them the log says to open the setup page from this machine. Once any user exists both are ignored.
 */
@Component
class FirstAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final AccountService accounts;
    private final Environment environment;
    private final String username;
    private final String password;

    FirstAdmin(AccountService accounts, Environment environment,
               @Value("${xensv.security.admin.username:}") String username,
               @Value("${xensv.security.admin.password:}") String password) {
        this.accounts = accounts;
        this.environment = environment;
        this.username = username;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.anyExists()) {
            return;
        }
        if (!username.isBlank() && !password.isEmpty()) {
            try {
                accounts.createFirstAdmin(username, password);
            } catch (HypervisorException e) {
                throw new IllegalStateException("XENSV_ADMIN_USERNAME / XENSV_ADMIN_PASSWORD: " + e.getMessage(), e);
            }
            log.info("Created the first admin '{}' from XENSV_ADMIN_USERNAME / XENSV_ADMIN_PASSWORD; sign in with it.", username.trim());
            return;
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        log.warn("No user exists yet. Create the first admin: open http://localhost:{}/setup in a browser on this machine "
                + "(the page answers only to localhost), or restart with XENSV_ADMIN_USERNAME and XENSV_ADMIN_PASSWORD set "
                + "(a password of at least {} characters).", port, PasswordPolicy.MIN_LENGTH);
    }
}
