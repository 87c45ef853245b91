package org.xensv.hypervisor.embedded;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.hypervisor.spi.HostConnection;
import org.xensv.hypervisor.spi.HypervisorDriver;

/**
 * Driver for {@code embedded://<host-name>?pcpus=N&memoryMiB=M}: a host of the embedded runtime in
 * this JVM, created on first connection (default 8 pCPUs, 32 GiB).
 */
public final class EmbeddedDriver implements HypervisorDriver {

    public static final int DEFAULT_PCPUS = 8;
    public static final long DEFAULT_MEMORY_MIB = 32 * 1024;

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("embedded");
    }

    @Override
    public HostConnection connect(URI uri) {
        String name = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("uri", uri, "must name the host: embedded://<host-name>");
        }
        Map<String, String> query = query(uri);
        int pcpus = intParam(query, "pcpus", DEFAULT_PCPUS);
        long memory = intParam(query, "memoryMiB", DEFAULT_MEMORY_MIB);
        return new EmbeddedConnection(uri.toString(), EmbeddedRuntime.host(name, pcpus, memory));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return params;
    }

    private static int intParam(Map<String, String> query, String key, long fallback) {
        String value = query.get(key);
        if (value == null) {
            return (int) fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidValueException(key, value, "must be a whole number");
        }
    }
}
