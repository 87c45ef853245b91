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
 * this JVM, created on first connection (default 8 pCPUs and a {@link EmbeddedMemoryBudget#DEFAULT_HOSTS
 * third} of the process's memory budget). Its memory is claimed from the budget, so a URI asking more
 * than the process has left is refused.
 */
public final class EmbeddedDriver implements HypervisorDriver {

    public static final int DEFAULT_PCPUS = 8;

    /** What an {@code embedded://} URI asks for. */
    public record HostRequest(String name, int pcpus, long memoryMiB) {
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("embedded");
    }

    @Override
    public void validate(URI uri) {
        HostRequest request = request(uri);
        if (EmbeddedRuntime.existing(request.name()) == null) {
            EmbeddedHost.checkSize(request.pcpus(), request.memoryMiB());
            EmbeddedMemoryBudget.process().checkClaim(request.name(), request.memoryMiB());
        }
    }

    @Override
    public HostConnection connect(URI uri) {
        HostRequest request = request(uri);
        return new EmbeddedConnection(uri.toString(), EmbeddedRuntime.host(request.name(), request.pcpus(), request.memoryMiB()));
    }

    /** The host name, pCPUs and memory a URI asks for, defaults filled in; refuses a malformed one. */
    public static HostRequest request(URI uri) {
        String name = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("uri", uri, "must name the host: embedded://<host-name>");
        }
        Map<String, String> query = query(uri);
        int pcpus = (int) number(query, "pcpus", DEFAULT_PCPUS, 1024);
        long memory = query.containsKey("memoryMiB") ? number(query, "memoryMiB", 0, Long.MAX_VALUE)
                : EmbeddedMemoryBudget.process().shareMiB(EmbeddedMemoryBudget.DEFAULT_HOSTS);
        return new HostRequest(name, pcpus, memory);
    }

    /** The URI with its {@code memoryMiB} parameter set to {@code memoryMiB} (added if absent). */
    public static URI withMemoryMiB(URI uri, long memoryMiB) {
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        StringBuilder rebuilt = new StringBuilder();
        boolean replaced = false;
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (pair.startsWith("memoryMiB=")) {
                pair = "memoryMiB=" + memoryMiB;
                replaced = true;
            }
            rebuilt.append(rebuilt.isEmpty() ? "" : "&").append(pair);
        }
        if (!replaced) {
            rebuilt.append(rebuilt.isEmpty() ? "" : "&").append("memoryMiB=").append(memoryMiB);
        }
        String text = uri.toString();
        int q = text.indexOf('?');
        return URI.create((q < 0 ? text : text.substring(0, q)) + "?" + rebuilt);
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

    private static long number(Map<String, String> query, String key, long fallback, long max) {
        String value = query.get(key);
        if (value == null) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidValueException(key, value, "must be a whole number");
        }
        if (parsed > max) {
            throw new InvalidValueException(key, value, "must be at most " + max);
        }
        return parsed;
    }
}
