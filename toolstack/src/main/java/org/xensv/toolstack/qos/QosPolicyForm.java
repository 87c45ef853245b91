package org.xensv.toolstack.qos;

/**
 * What an admin fills in to create or edit a QoS policy. Every value is optional (null = the
 * policy says nothing about it): {@code nicRate} in xl's {@code rate=} syntax (10Mb/s, or
 * 10Mb/s@50ms); {@code nicBurstKB} the credit a NIC gets per refill, in kB of 1000 bytes (instead
 * of an {@code @interval}); {@code cpuWeight} 1..65535; {@code cpuCap} percent of one pCPU
 * (0 = no cap); {@code diskIops} and {@code diskMBps} (MB of 1,000,000 bytes) per disk.
 */
public record QosPolicyForm(String name, String description, String nicRate, Long nicBurstKB, Integer cpuWeight,
                            Integer cpuCap, Long diskIops, Long diskMBps) {
}
