package org.xensv.toolstack.bootstrap;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded pool created on a fresh database, and the memory budget of every embedded host:
 * {@code xensv.embedded.*}. {@code memory-mib} is {@code auto} (the process budget split evenly
 * across {@code hosts}) or a number of MiB per host; {@code budget-mib}, if set, lowers the process
 * budget below its default (physical memory less the console's reserve).
 */
@ConfigurationProperties("xensv.embedded")
public record EmbeddedPoolProperties(Boolean enabled, String poolName, String hostPrefix, Integer hosts, Integer pcpus,
                                     String memoryMiB, Long budgetMiB) {

    public static final String AUTO = "auto";

    public EmbeddedPoolProperties {
        enabled = enabled == null || enabled;
        poolName = poolName == null ? "Embedded pool" : poolName;
        hostPrefix = hostPrefix == null ? "host-" : hostPrefix;
        hosts = hosts == null ? 3 : hosts;
        pcpus = pcpus == null ? 8 : pcpus;
        memoryMiB = memoryMiB == null || memoryMiB.isBlank() ? AUTO : memoryMiB.strip();
        if (hosts < 1) {
            throw new IllegalArgumentException("xensv.embedded.hosts must be at least 1 (got " + hosts + ")");
        }
        if (!memoryMiB.equalsIgnoreCase(AUTO) && !memoryMiB.matches("\\d{1,15}")) {
            throw new IllegalArgumentException("xensv.embedded.memory-mib must be 'auto' or a whole number of MiB (got '"
                    + memoryMiB + "')");
        }
    }

    public boolean autoMemory() {
        return memoryMiB.equalsIgnoreCase(AUTO);
    }

    /** The size of each host of the pool: the given number, or for {@code auto} the budget split across the hosts. */
    public long hostMemoryMiB(long budgetMiB) {
        return autoMemory() ? budgetMiB / hosts : Long.parseLong(memoryMiB);
    }
}
