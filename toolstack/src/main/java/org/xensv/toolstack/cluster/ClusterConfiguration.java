package org.xensv.toolstack.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.event.EventBus;

/**
 * Chooses, by the datasource, how this console shares its database: on PostgreSQL with any number of
 * other consoles (leases as advisory locks, events through LISTEN/NOTIFY, on a session of its own);
 * on H2 alone (every lease its own, events in this process only), exactly as a single console always ran.
 * The console's id comes from {@code xensv.cluster.console-id} (XENSV_CLUSTER_CONSOLE_ID), by default the
 * machine's host name: two consoles on one machine and one database need an id each.
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    /** An id goes into an event's payload and a column of 64: letters, digits, '.', '_' and '-'. */
    static final String ID_PATTERN = "[A-Za-z0-9._-]{1,64}";

    @Bean(destroyMethod = "close")
    ClusterSession clusterSession(Environment environment) {
        return new ClusterSession(environment.getProperty("spring.datasource.url", ""),
                environment.getProperty("spring.datasource.username", ""), environment.getProperty("spring.datasource.password", ""));
    }

    @Bean
    ClusterLocks clusterLocks(Environment environment, ClusterSession session) {
        String id = consoleId(environment);
        return postgres(environment) ? new PostgresClusterLocks(session, id) : new SingleConsoleLocks(id);
    }

    /** The other consoles' events, on PostgreSQL; nothing to relay for a console alone. */
    @Bean(destroyMethod = "close")
    AutoCloseable clusterEvents(Environment environment, ClusterSession session, ClusterLocks locks, EventBus bus) {
        if (!locks.shared()) {
            return () -> { };
        }
        return new PostgresEventRelay(session, bus, locks.consoleId());
    }

    private static boolean postgres(Environment environment) {
        return environment.getProperty("spring.datasource.url", "").startsWith("jdbc:postgresql:");
    }

    static String consoleId(Environment environment) {
        String id = environment.getProperty("xensv.cluster.console-id", "").strip();
        if (id.isEmpty()) {
            id = hostName();
        }
        if (!id.matches(ID_PATTERN)) {
            throw new InvalidValueException("xensv.cluster.console-id", id, "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return id;
    }

    private static String hostName() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = System.getenv().getOrDefault("HOSTNAME", "console");
        }
        name = name.replaceAll("[^A-Za-z0-9._-]", "-");
        return name.isEmpty() ? "console" : name.substring(0, Math.min(64, name.length()));
    }
}
