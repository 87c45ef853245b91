package org.xensv.hypervisor.embedded;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded hosts living in this JVM, by name. A host is created on first connection with the
 * size its URI asks for and lives until {@link #remove(String)}.
 */
public final class EmbeddedRuntime {

    private static final Map<String, EmbeddedHost> HOSTS = new ConcurrentHashMap<>();

    private EmbeddedRuntime() {
    }

    public static EmbeddedHost host(String name, int pcpus, long memoryMiB) {
        return HOSTS.computeIfAbsent(name, n -> new EmbeddedHost(n, pcpus, memoryMiB));
    }

    public static EmbeddedHost existing(String name) {
        return HOSTS.get(name);
    }

    /** Powers off every domain of the host and forgets it (a host that went away). */
    public static void remove(String name) {
        EmbeddedHost host = HOSTS.remove(name);
        if (host != null) {
            org.xensv.hypervisor.embedded.migration.EmbeddedMigration.closeEndpoint(host);
            host.shutdownAll();
        }
    }
}
