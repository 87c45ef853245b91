package org.xensv.toolstack.bootstrap;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The embedded pool created on a fresh database: {@code xensv.embedded.*}. */
@ConfigurationProperties("xensv.embedded")
public record EmbeddedPoolProperties(Boolean enabled, String poolName, String hostPrefix, Integer hosts, Integer pcpus,
                                     Long memoryMiB) {

    public EmbeddedPoolProperties {
        enabled = enabled == null || enabled;
        poolName = poolName == null ? "Embedded pool" : poolName;
        hostPrefix = hostPrefix == null ? "host-" : hostPrefix;
        hosts = hosts == null ? 3 : hosts;
        pcpus = pcpus == null ? 8 : pcpus;
        memoryMiB = memoryMiB == null ? 32768L : memoryMiB;
    }
}
