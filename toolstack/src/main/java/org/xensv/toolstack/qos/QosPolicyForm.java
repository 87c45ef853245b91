package org.xensv.toolstack.qos;

/**
 * What an admin fills in to create or edit a QoS policy. Every value is optional (null = the
 * policy says nothing about it): {@code nicRate} in xl's {@code rate=} syntax (10Mb/s, or
 * 10Mb/s@50ms); {@code nicBurstKB} the credit a NIC gets per refill, in kB of 1000 bytes (instead
 * of an {@code @interval}); {@code cpuWeight} 1..65535; {@code cpuCap} percent of one pCPU
 * (0 = no cap); {@code diskIops} and {@code diskMBps} (MB of 1,000,000 bytes) per disk.
 * {@code version}: the policy's version the editor was opened on (null = not checked); a save on an
 * older version is refused as stale.
 */
public record QosPolicyForm(String name, String description, String nicRate, Long nicBurstKB, Integer cpuWeight,
                            Integer cpuCap, Long diskIops, Long diskMBps, Long version) {

    /** A form that does not say which version it was opened on (a create, or a client that does not care). */
    public QosPolicyForm(String name, String description, String nicRate, Long nicBurstKB, Integer cpuWeight,
                         Integer cpuCap, Long diskIops, Long diskMBps) {
        this(name, description, nicRate, nicBurstKB, cpuWeight, cpuCap, diskIops, diskMBps, null);
    }

    /** The same form, as opened on {@code openedVersion} (an API client's If-Match). */
    public QosPolicyForm opened(Long openedVersion) {
        return openedVersion == null ? this
                : new QosPolicyForm(name, description, nicRate, nicBurstKB, cpuWeight, cpuCap, diskIops, diskMBps, openedVersion);
    }
}
